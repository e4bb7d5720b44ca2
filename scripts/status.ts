import { formatStatus, readStatus } from "./lib/status.ts";

const network = process.argv[2] ?? "localhost";
try {
  console.log(formatStatus(await readStatus(network)));
} catch (error) {
  console.error(`status: ${(error as Error).message}`);
  process.exit(1);
}

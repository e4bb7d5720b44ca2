/**
 * An EIP-1193 wallet injected into the page as window.ethereum. The page side only relays requests
 * (exposeFunction) to this process, which signs with a viem local account and forwards everything
 * else to the node. Like a real extension it reports no accounts until the dApp asks for them
 * (eth_requestAccounts), so wagmi does not auto-connect and RainbowKit's connect modal is exercised.
 */
import type { BrowserContext, Page } from "playwright-core";
import { createWalletClient, http, numberToHex, type Hex, type LocalAccount, type TypedDataDefinition } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** The Hardhat node's well-known development account #index. */
export function devAccount(index: number): LocalAccount {
  return mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: index });
}

export interface TestWallet {
  account: LocalAccount;
  /** Every method the page asked for, in order (assertions on what the dApp requested). */
  requests: string[];
  /** Makes the next signature requests fail as if the user pressed "Reject". */
  rejectSignatures(reject: boolean): void;
  /** Moves the wallet to another chain (as if the user switched in the extension) and tells the page. */
  switchChain(page: Page, chainId: number): Promise<void>;
}

interface RpcError {
  code: number;
  message: string;
}

export async function injectWallet(context: BrowserContext, options: { account: LocalAccount; rpcUrl: string; chainId: number }): Promise<TestWallet> {
  const { account, rpcUrl, chainId } = options;
  const walletClient = createWalletClient({ account, transport: http(rpcUrl) });
  let connected = false;
  let rejecting = false;
  // The wallet's current chain: the stack's, unless a test moves it elsewhere; only the stack's chain can be switched to.
  let currentChain = chainId;
  const requests: string[] = [];

  const forward = async (method: string, params: unknown[]): Promise<unknown> => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: RpcError & { data?: unknown } };
    if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
    return body.result;
  };

  const handle = async (method: string, params: unknown[]): Promise<unknown> => {
    requests.push(method);
    const rejection = () => Object.assign(new Error("User rejected the request."), { code: 4001 });
    switch (method) {
      case "eth_accounts":
        return connected ? [account.address] : [];
      case "eth_requestAccounts":
        connected = true;
        return [account.address];
      case "eth_chainId":
        return numberToHex(currentChain);
      case "net_version":
        return String(currentChain);
      case "wallet_requestPermissions":
        connected = true;
        return [{ parentCapability: "eth_accounts" }];
      case "wallet_revokePermissions":
        connected = false;
        return null;
      case "wallet_switchEthereumChain": {
        const wanted = Number((params[0] as { chainId: string }).chainId);
        if (wanted !== chainId) throw Object.assign(new Error(`Unrecognized chain ${wanted}`), { code: 4902 });
        currentChain = wanted;
        return null;
      }
      case "personal_sign": {
        if (rejecting) throw rejection();
        return account.signMessage({ message: { raw: params[0] as Hex } });
      }
      case "eth_signTypedData_v4": {
        if (rejecting) throw rejection();
        const typed = JSON.parse(params[1] as string) as TypedDataDefinition;
        return account.signTypedData(typed);
      }
      case "eth_sendTransaction": {
        if (rejecting) throw rejection();
        const tx = params[0] as { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };
        return walletClient.sendTransaction({
          account,
          chain: null,
          to: tx.to,
          data: tx.data,
          value: tx.value ? BigInt(tx.value) : undefined,
          gas: tx.gas ? BigInt(tx.gas) : undefined,
        });
      }
      default:
        return forward(method, params);
    }
  };

  await context.exposeFunction("__cowattWalletRequest", async (method: string, paramsJson: string) => {
    try {
      return JSON.stringify({ result: await handle(method, JSON.parse(paramsJson) as unknown[]) });
    } catch (error) {
      const e = error as Error & { code?: number; data?: unknown };
      return JSON.stringify({ error: { code: e.code ?? -32603, message: e.message, data: e.data } });
    }
  });
  await context.addInitScript(() => {
    const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
    const emit = (event: string, value: unknown) => listeners.get(event)?.forEach((listener) => listener(value));
    const bridge = (window as unknown as { __cowattWalletRequest(method: string, params: string): Promise<string> }).__cowattWalletRequest;
    const provider = {
      isCoWattTestWallet: true,
      async request({ method, params }: { method: string; params?: unknown[] }) {
        const answer = JSON.parse(await bridge(method, JSON.stringify(params ?? []))) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
        if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
        if (method === "eth_requestAccounts") emit("accountsChanged", answer.result);
        if (method === "wallet_switchEthereumChain") emit("chainChanged", (params?.[0] as { chainId: string }).chainId);
        return answer.result;
      },
      on(event: string, listener: (...args: unknown[]) => void) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(listener);
        return provider;
      },
      removeListener(event: string, listener: (...args: unknown[]) => void) {
        listeners.get(event)?.delete(listener);
        return provider;
      },
      /** Test hook: an event as the extension would send it. */
      __emit: emit,
    };
    Object.defineProperty(window, "ethereum", { value: provider, configurable: true });
  });

  return {
    account,
    requests,
    rejectSignatures: (reject) => (rejecting = reject),
    switchChain: async (page, id) => {
      currentChain = id;
      await page.evaluate((hex) => (window as unknown as { ethereum: { __emit(e: string, v: unknown): void } }).ethereum.__emit("chainChanged", hex), numberToHex(id));
    },
  };
}

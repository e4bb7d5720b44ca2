#!/usr/bin/env bash
# Starts the machine's PostgreSQL and Mosquitto when installed but not running. Idempotent; never installs.
set -u
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
status=0
if ! listening 5432; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || status=1
  else status=1; fi
fi
if ! listening 1883; then
  if command -v mosquitto >/dev/null; then mosquitto -d -c /etc/mosquitto/mosquitto.conf || status=1
  else status=1; fi
fi
exit $status

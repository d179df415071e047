#!/usr/bin/env bash
# Installs and starts system services that some suites use. Kept separate so developers can run it
# by hand; idempotent and quick when everything already runs. Suites that need a service skip with a
# visible reason when it is missing, so a failure here never fails CI by itself.
set -uo pipefail

# PostgreSQL for oms-sync's PostgreSQL storage (test/sync-server/postgres*.test.ts). The tests
# connect to OMS_TEST_PG_URL, default postgres://postgres:postgres@127.0.0.1:5432/postgres.
start_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 \
      || { echo "services: could not install postgresql"; return 1; }
  fi
  local version
  version=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1}')
  if [ -z "$version" ]; then echo "services: no PostgreSQL cluster found"; return 1; fi
  local status
  status=$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1==v && $2=="main" {print $4}')
  if [ "$status" != "online" ]; then
    pg_ctlcluster "$version" main start || { echo "services: PostgreSQL $version did not start"; return 1; }
  fi
  # Password auth over TCP on 127.0.0.1 (Debian's pg_hba allows scram for host connections).
  if ! PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null \
      || { echo "services: could not set the postgres password"; return 1; }
  fi
  echo "services: PostgreSQL $version running on 127.0.0.1:5432"
}

# Debian's Chromium for the Playwright suite (test/e2e); Playwright's own browser download does not
# work on the build machines (TOOLCHAIN.md), so playwright.config.ts points at /usr/bin/chromium.
install_chromium() {
  if [ -x /usr/bin/chromium ]; then echo "services: chromium present"; return 0; fi
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null 2>&1 \
    || { echo "services: could not install chromium"; return 1; }
  echo "services: chromium installed"
}

status=0
start_postgres || status=1
install_chromium || status=1
exit "$status"

#!/usr/bin/env bash
# The parts of the official postgres entrypoint perfgate and Testcontainers use: POSTGRES_USER,
# POSTGRES_PASSWORD, POSTGRES_DB, POSTGRES_HOST_AUTH_METHOD; initdb on first start, then the server
# on '*' (the official image's "ready to accept connections" appears twice: once for the socket-only
# init server, once for the real one).
set -Eeo pipefail
if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
if [ "$1" = 'postgres' ]; then
	: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}" "${POSTGRES_HOST_AUTH_METHOD:=}"
	export POSTGRES_USER POSTGRES_DB POSTGRES_PASSWORD POSTGRES_HOST_AUTH_METHOD
	mkdir -p "$PGDATA"; chmod 00700 "$PGDATA" || :
	if [ "$(id -u)" = '0' ]; then
		find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
		exec gosu postgres "$BASH_SOURCE" "$@"
	fi
	if [ ! -s "$PGDATA/PG_VERSION" ]; then
		if [ -z "$POSTGRES_PASSWORD" ] && [ 'trust' != "$POSTGRES_HOST_AUTH_METHOD" ]; then
			echo >&2 'Error: set POSTGRES_PASSWORD or POSTGRES_HOST_AUTH_METHOD=trust.'; exit 1
		fi
		initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") ${POSTGRES_INITDB_ARGS:-}
		printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
		pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
		psql=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname postgres)
		if [ -z "$("${psql[@]}" --tuples-only --set db="$POSTGRES_DB" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")" ]; then
			"${psql[@]}" --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db"'
		fi
		pg_ctl -D "$PGDATA" -m fast -w stop
	fi
fi
exec "$@"

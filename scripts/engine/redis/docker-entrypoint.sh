#!/bin/sh
# Like the official redis entrypoint. Debian's redis-server keeps protected mode on by default (the
# official image patches it off), so it is turned off here, before any option the caller passes.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = 'redis-server' ]; then
	shift
	if [ -n "$1" ] && [ "${1#-}" = "$1" ]; then conf="$1"; shift; set -- redis-server "$conf" --protected-mode no "$@"
	else set -- redis-server --protected-mode no "$@"; fi
	if [ "$(id -u)" = '0' ]; then find . \! -user redis -exec chown redis '{}' +; exec gosu redis "$@"; fi
fi
exec "$@"

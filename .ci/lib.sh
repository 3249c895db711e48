# Shared by the .ci scripts (sourced, not run). POSIX sh.

# die MESSAGE: says what went wrong, as the running script, and stops it.
die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

# as_root CMD...: runs CMD as root: directly when root, else with sudo.
as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "needs root to run '$*': run as root, or install sudo"
	fi
}

# The pid of the cupsd that cups_start started itself, when there is no
# init system to start it. In /run, so it goes with a reboot like the cupsd.
CUPSD_PIDFILE=/run/casedesk-cupsd.pid

# lpstat_c ARGS...: lpstat with its messages untranslated, for parsing.
lpstat_c() {
	LC_ALL=C lpstat "$@"
}

# cups_running: whether the CUPS scheduler answers.
cups_running() {
	lpstat_c -r 2>/dev/null | grep -qx "scheduler is running"
}

# cups_start: starts the CUPS scheduler unless it runs already, and waits
# until it answers.
cups_start() {
	cups_running && return 0
	command -v cupsd >/dev/null 2>&1 || [ -x /usr/sbin/cupsd ] ||
		die "cupsd is missing: install the package cups (make test-deps does)"
	ours=""
	if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
		as_root systemctl start cups || die "'systemctl start cups' failed (see journalctl -u cups)"
	else
		# No init system: cupsd in the foreground of a session of its own,
		# its pid kept so that .ci/run can stop this cupsd and no other.
		as_root sh -c 'PATH="$PATH:/usr/sbin"; setsid cupsd -f </dev/null >/dev/null 2>&1 & echo $! >'"$CUPSD_PIDFILE" ||
			die "could not start cupsd"
		ours=$(cat "$CUPSD_PIDFILE")
	fi
	i=0
	until cups_running; do
		i=$((i + 1))
		[ $i -le 150 ] || die "the CUPS scheduler does not answer 30 s after starting it (see /var/log/cups/error_log)"
		if [ -n "$ours" ] && ! [ -e "/proc/$ours" ]; then
			die "cupsd stopped at once (see /var/log/cups/error_log)"
		fi
		sleep 0.2
	done
}

# cups_stop_ours: stops the cupsd that cups_start started itself, if it
# still runs; a cupsd started any other way is left alone.
cups_stop_ours() {
	[ -f "$CUPSD_PIDFILE" ] || return 0
	pid=$(cat "$CUPSD_PIDFILE")
	if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = cupsd ]; then
		as_root kill "$pid" || die "could not stop cupsd (pid $pid)"
		i=0
		while [ -e "/proc/$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = cupsd ]; do
			i=$((i + 1))
			[ $i -le 100 ] || die "cupsd (pid $pid) did not stop within 20 s"
			sleep 0.2
		done
	fi
	as_root rm -f "$CUPSD_PIDFILE"
}

package gitserver

// The hooks live in a directory of their own, which a request's backend
// uses as core.hooksPath only when a Reject fault applies to it; other
// requests run with the repositories' own hooks (none, by default). They
// read the fault from GITSERVER_REJECT_* variables of the CGI environment.

// preReceiveHook prints GITSERVER_REJECT_MESSAGE to stderr (which
// receive-pack relays to the client) when a pushed ref starts with
// GITSERVER_REJECT_REF, and then refuses the push, unless a reason is set:
// then the proc-receive hook does the refusing.
const preReceiveHook = `#!/bin/sh
match=
while read -r old new ref; do
	case $ref in "$GITSERVER_REJECT_REF"*) match=1 ;; esac
done
[ -n "$match" ] || exit 0
[ -z "$GITSERVER_REJECT_MESSAGE" ] || printf '%s\n' "$GITSERVER_REJECT_MESSAGE" >&2
[ -z "$GITSERVER_REJECT_REASON" ] || exit 0
exit 1
`

// procReceiveHook speaks the proc-receive pkt-line protocol (githooks(5))
// and answers "ng <ref> <GITSERVER_REJECT_REASON>" for every ref
// receive-pack hands it (those matching receive.procReceiveRefs).
const procReceiveHook = `#!/bin/sh
LC_ALL=C
export LC_ALL
set -f
readpkt() {
	len=$(dd bs=1 count=4 2>/dev/null)
	case $len in
	"" | 000[0-3]) return 1 ;;
	esac
	n=$((0x$len - 4))
	pkt=
	[ "$n" -gt 0 ] || return 0
	pkt=$(dd bs=1 count="$n" 2>/dev/null | tr -d '\000\n')
}
writepkt() {
	printf '%04x%s\n' $((${#1} + 5)) "$1"
}
while readpkt; do :; done
writepkt "version=1"
printf 0000
refs=
while readpkt; do
	set -- $pkt
	refs="$refs $3"
done
for ref in $refs; do
	writepkt "ng $ref $GITSERVER_REJECT_REASON"
done
printf 0000
`

// Package crashtest holds the crash-safety harness, and only that: its
// tests build hotfix with -tags hotfixcrash, kill it with SIGKILL at every
// crash point of start, triage, update, pr and close (internal/crashpoint),
// rerun or continue the command as its own message says, and compare the
// end state with an uninterrupted run. The default run tries a sample of
// the points; HOTFIX_CRASH_FULL=1 tries them all (docs/testing.md).
package crashtest

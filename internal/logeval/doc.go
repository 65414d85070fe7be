// Package logeval scores hotfix triage logs (internal/logscan) against the
// log corpus of issue 18: logs written by real programs
// (testdata/logcorpus/logs, made by ./gen) and, for each, a truth file
// written by hand (testdata/logcorpus/truth/<log>.yaml) listing its
// distinct errors with their counts, a substring of their readable message,
// their family and their top frames.
//
// Groups are matched to truth errors by text: a group stands for a truth
// error when its message, or one of the lines of its error and trace, holds
// the error's message substring. From that: an error is found exactly when
// one group, standing for it alone, has its count; split when several
// groups stand for it; a group is a merge when it stands for several
// errors, spurious when it stands for none. Expected frames are looked for
// in the frames of the error's main group (its largest); an error is
// readable when that group's message holds the substring and is not a raw
// JSON object.
package logeval

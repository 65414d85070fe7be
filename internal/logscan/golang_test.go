package logscan

import (
	"strings"
	"testing"
)

// A SIGQUIT dump of Go 1.23 and later: headers name the g and m, the first
// goroutine is the runtime's idle M, and the frames come from the first
// goroutine with the program's own.
func TestGoSigquitDumpFrames(t *testing.T) {
	for h, want := range map[string]bool{
		"goroutine 0 gp=0x59f700 m=0 mp=0x5a04c0 [idle]:":       true,
		"goroutine 7 gp=0x366dd4393860 m=nil [sync.Cond.Wait]:": true,
		"goroutine 1 [running]:":                                true,
		"goroutine 1 is stuck [x]:":                             false,
		"goroutine 12 gp=0x1":                                   false,
	} {
		if got := isGoroutineHeader([]byte(h)); got != want {
			t.Errorf("isGoroutineHeader(%q) = %v", h, got)
		}
	}
	log := strings.Join([]string{
		"stuck: ready",
		"SIGQUIT: quit",
		"PC=0x4835c1 m=0 sigcode=0",
		"",
		"goroutine 0 gp=0x59f700 m=0 mp=0x5a04c0 [idle]:",
		"runtime.futex(0x5a0618, 0x80, 0x0, 0x0, 0x0, 0x0)",
		"\t/usr/local/go/src/runtime/sys_linux_amd64.s:569 +0x21 fp=0x7ffc16ba9d28 sp=0x7ffc16ba9d20 pc=0x4835c1",
		"runtime.mcall()",
		"\t/usr/local/go/src/runtime/asm_amd64.s:496 +0x55 fp=0x7ffc16baa068 sp=0x7ffc16baa050 pc=0x47ffb5",
		"",
		"goroutine 1 gp=0x1e7f563001e0 m=nil [select (no cases)]:",
		"runtime.gopark(0x0?, 0xd?, 0x0?, 0x20?, 0x0?)",
		"\t/usr/local/go/src/runtime/proc.go:462 +0xce fp=0x1e7f5638ce80 sp=0x1e7f5638ce60 pc=0x47b6ee",
		"main.main()",
		"\t/srv/stuck/main.go:79 +0x2ad fp=0x1e7f5638cf48 sp=0x1e7f5638ceb0 pc=0x4adc8d",
		"",
		"goroutine 6 gp=0x366dd4393680 m=nil [chan send]:",
		"main.(*pipeline).readRows(0x366dd43b4000)",
		"\t/srv/stuck/main.go:29 +0x45 fp=0x1 sp=0x2 pc=0x3",
	}, "\n") + "\n"
	res := run(t, nil, namedLog{"dump", []byte(log)})
	if len(res.Groups) != 1 || res.Groups[0].Kind != "go" || !strings.HasSuffix(res.Groups[0].Signature, "/srv/stuck/main.go:main.main") {
		for _, g := range res.Groups {
			t.Logf("%d× %q", g.Count, g.Signature)
		}
		t.Fatalf("%d groups, want the dump with main.main's frame", len(res.Groups))
	}
}

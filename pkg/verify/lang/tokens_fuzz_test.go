package lang

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzBehaviourTokens: every language's reduction reads any bytes without
// panicking.
//
//	go test ./pkg/verify/lang -run '^$' -fuzz '^FuzzBehaviourTokens$' -fuzztime 1m
func FuzzBehaviourTokens(f *testing.F) {
	for _, dir := range []string{"java", "js", "python"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		for i, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b[:min(len(b), 2000)], uint8(i))
		}
	}
	for _, s := range []string{"x: int\nx.y: int\nx.\n", "def f(a: int = (1, 2), *, b) -> T: ...\n", "class A { x!: T; [k: string]: V }\n", "let x: ", "type A = ", "a as", "f<"} {
		f.Add([]byte(s), uint8(0))
	}
	names := []string{"x.go", "x.py", "x.ts", "x.tsx", "x.js", "X.java"}
	f.Fuzz(func(t *testing.T, src []byte, which uint8) {
		for _, n := range names {
			_, _ = behaviourTokens(n, src)
		}
	})
}

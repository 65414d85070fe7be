package triage

import (
	"reflect"
	"testing"
)

func TestMapFilesDeployedPaths(t *testing.T) {
	repo := []string{
		"src/requests/models.py",
		"lib/router/route.js",
		"packages/zod/src/types.ts",
		"gson/src/main/java/com/google/gson/Gson.java",
		"daemon/runconfig/config.go",
		"api/types/container/config.go",
		"command.go",
		"app/main.py",
		"main.py",
		"cmd/server/handler.go",
		"pkg/server/handler.go",
	}
	goMods := map[string][]byte{"go.mod": []byte("module github.com/moby/moby/v2\n\ngo 1.22\n"), "api/go.mod": []byte("module github.com/moby/moby/api\n")}
	cases := map[string]string{
		"/usr/lib/python3/dist-packages/requests/models.py":                          "src/requests/models.py",
		"/opt/venv/lib/python3.11/site-packages/requests/models.py":                  "src/requests/models.py",
		"/srv/app/node_modules/express/lib/router/route.js":                          "lib/router/route.js",
		"/app/node_modules/@acme/x/lib/router/route.js":                              "lib/router/route.js",
		"webpack://zod/./src/types.ts":                                               "packages/zod/src/types.ts",
		"webpack:///./src/types.ts":                                                  "packages/zod/src/types.ts",
		"com/google/gson/Gson.java":                                                  "gson/src/main/java/com/google/gson/Gson.java",
		"/go/pkg/mod/github.com/moby/moby/v2@v2.0.0-2024/daemon/runconfig/config.go": "daemon/runconfig/config.go",
		"/go/pkg/mod/github.com/moby/moby/api@v1.52.0/types/container/config.go":     "api/types/container/config.go",
		"/go/src/github.com/moby/moby/v2/daemon/runconfig/config.go":                 "daemon/runconfig/config.go",
		"/root/go/pkg/mod/github.com/spf13/cobra@v1.8.0/command.go":                  "command.go",
		"/app/main.py":                   "main.py",
		"/usr/src/app/app/main.py":       "app/main.py",
		`C:\build\pkg\server\handler.go`: "pkg/server/handler.go",
	}
	var traces []string
	for tr := range cases {
		traces = append(traces, tr)
	}
	traces = append(traces, "/usr/lib/python3.11/json/decoder.py", "handler.go")
	mapped, unmatched, ambiguous := MapFiles(traces, repo, goMods)
	for tr, want := range cases {
		if mapped[tr] != want {
			t.Errorf("%s mapped to %q, want %q", tr, mapped[tr], want)
		}
	}
	if !reflect.DeepEqual(unmatched, []string{"/usr/lib/python3.11/json/decoder.py"}) {
		t.Errorf("unmatched %v", unmatched)
	}
	if want := map[string][]string{"handler.go": {"cmd/server/handler.go", "pkg/server/handler.go"}}; !reflect.DeepEqual(ambiguous, want) {
		t.Errorf("ambiguous %v, want %v (a tie maps to nothing)", ambiguous, want)
	}
	if _, ok := mapped["handler.go"]; ok {
		t.Error("an ambiguous file was mapped")
	}
}

func TestRelative(t *testing.T) {
	for in, want := range map[string][2]string{
		"/go/pkg/mod/github.com/!burnt!sushi/toml@v1.3.2/decode.go": {"decode.go", "github.com/BurntSushi/toml"},
		"/opt/shop/lib/x.py":             {"lib/x.py", ""},
		"webpack://app/src/x.ts?abc":     {"src/x.ts", ""},
		"file:///srv/app/x.js":           {"x.js", ""},
		"node_modules/left-pad/index.js": {"index.js", ""},
	} {
		rel, mod := Relative(in)
		if rel != want[0] || mod != want[1] {
			t.Errorf("Relative(%q) = %q, %q; want %q, %q", in, rel, mod, want[0], want[1])
		}
	}
}

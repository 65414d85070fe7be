package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// SSHSigning configures the repository at dir to sign with a throwaway ssh
// key (gpg.format ssh, no passphrase) and to verify with it
// (gpg.ssh.allowedSignersFile, for author@example.com), and sets each
// of settings ("commit.gpgSign", "tag.gpgSign", ...) to true. It skips the
// test when ssh-keygen is not installed.
func SSHSigning(t testing.TB, dir string, settings ...string) {
	t.Helper()
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Skip("ssh-keygen is not installed")
	}
	keys := t.TempDir()
	key := filepath.Join(keys, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hotfix test", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	allowed := filepath.Join(keys, "allowed_signers")
	if err := os.WriteFile(allowed, []byte(`author@example.com namespaces="git" `+strings.TrimSpace(string(pub))+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	Git(t, dir, "config", "gpg.format", "ssh")
	Git(t, dir, "config", "user.signingkey", key)
	Git(t, dir, "config", "gpg.ssh.allowedSignersFile", allowed)
	for _, s := range settings {
		Git(t, dir, "config", s, "true")
	}
}

// Hook writes an executable hook script named name into dir (a hooks
// directory), made of body after a #!/bin/sh line.
func Hook(t testing.TB, dir, name, body string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

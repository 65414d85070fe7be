package git

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/config"
)

// HotfixHookMarker is the comment line that marks a pre-push hook as the
// one `hotfix hooks install` writes (internal/cmd/hooks uses it).
const HotfixHookMarker = "# installed by hotfix hooks install"

// IsHotfixHook reports whether a hook's content carries HotfixHookMarker
// on a line of its own.
func IsHotfixHook(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == HotfixHookMarker {
			return true
		}
	}
	return false
}

// WritePolicy is what the repository's git configuration asks of the
// commits, tags and pushes hotfix makes: signatures, and hooks that must
// run. go-git neither signs nor runs hooks, so a write the policy concerns
// goes through the git binary, or is refused.
type WritePolicy struct {
	// SignCommits is commit.gpgSign.
	SignCommits bool
	// SignTags is tag.gpgSign or tag.forceSignAnnotated.
	SignTags bool
	// SignPushes is push.gpgSign (true or if-asked).
	SignPushes bool
	// Format is gpg.format: openpgp (the default), ssh or x509.
	Format string
	// Program is the signing program for Format (gpg.<format>.program,
	// gpg.program, or git's default).
	Program string
	// SigningKey is user.signingkey.
	SigningKey string
	// sshDefaultKey is gpg.ssh.defaultKeyCommand.
	sshDefaultKey string
	// CommitHooks are the commit hooks git would run (pre-commit,
	// prepare-commit-msg, commit-msg, post-commit), as paths.
	CommitHooks []string
	// PushHooks are the pre-push hooks git would run, as paths. hotfix's
	// own hook is not among them: it runs the check `hotfix pr` runs
	// itself before it pushes, and checks nothing for close's pushes.
	PushHooks []string
}

// CommitsNeedGit says whether commits must be made by the git binary.
func (p WritePolicy) CommitsNeedGit() bool { return p.SignCommits || len(p.CommitHooks) > 0 }

// TagsNeedGit says whether tags must be made by the git binary.
func (p WritePolicy) TagsNeedGit() bool { return p.SignTags }

// PushesNeedGit says whether pushes must be made by the git binary.
func (p WritePolicy) PushesNeedGit() bool { return p.SignPushes || len(p.PushHooks) > 0 }

// policyKeys are the settings WritePolicy reads, lower-case as git prints
// them.
var policyKeys = []string{"commit.gpgsign", "tag.gpgsign", "tag.forcesignannotated", "push.gpgsign", "gpg.format", "gpg.program",
	"gpg.openpgp.program", "gpg.ssh.program", "gpg.x509.program", "gpg.ssh.defaultkeycommand", "user.signingkey", "user.email"}

// WritePolicy reads what the configuration (every scope, with the git
// binary; the repository's, the user's and the system's without) and the
// hooks directory ask of hotfix's writes.
func (r *Repo) WritePolicy(ctx context.Context) (WritePolicy, error) {
	v, err := r.configValues(ctx)
	if err != nil {
		return WritePolicy{}, err
	}
	p := WritePolicy{
		SignCommits: gitBool(v["commit.gpgsign"]),
		SignTags:    gitBool(v["tag.gpgsign"]) || gitBool(v["tag.forcesignannotated"]),
		SignPushes:  gitBool(v["push.gpgsign"]) || strings.EqualFold(v["push.gpgsign"], "if-asked"),
		Format:      strings.ToLower(v["gpg.format"]),
		SigningKey:  v["user.signingkey"], sshDefaultKey: v["gpg.ssh.defaultkeycommand"],
	}
	if p.Format == "" {
		p.Format = "openpgp"
	}
	p.Program = v["gpg."+p.Format+".program"]
	if p.Program == "" && p.Format == "openpgp" {
		p.Program = v["gpg.program"]
	}
	if p.Program == "" {
		p.Program = map[string]string{"openpgp": "gpg", "ssh": "ssh-keygen", "x509": "gpgsm"}[p.Format]
	}
	if p.SigningKey == "" && p.Format == "openpgp" {
		p.SigningKey = v["user.email"] // git signs as the committer
	}
	dir, err := r.HooksDir(ctx)
	if err != nil {
		return WritePolicy{}, err
	}
	for _, h := range []string{"pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "pre-push"} {
		path := filepath.Join(dir, h)
		fi, err := os.Stat(path)
		if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			continue // git runs only executable hooks
		}
		if h != "pre-push" {
			p.CommitHooks = append(p.CommitHooks, path)
			continue
		}
		if data, err := os.ReadFile(path); err == nil && IsHotfixHook(data) {
			continue
		}
		p.PushHooks = append(p.PushHooks, path)
	}
	return p, nil
}

// configValues reads policyKeys: the last value of each wins, as in git.
func (r *Repo) configValues(ctx context.Context) (map[string]string, error) {
	v := map[string]string{}
	if r.bin != "" {
		re := "^(" + strings.ReplaceAll(strings.Join(policyKeys, "|"), ".", `\.`) + ")$"
		out, err := r.run(ctx, "config", "-z", "--get-regexp", re)
		if err != nil && len(out) == 0 {
			return v, nil // exit 1: none is set
		}
		for _, e := range strings.Split(string(out), "\x00") {
			if k, val, ok := strings.Cut(e, "\n"); ok {
				v[strings.ToLower(k)] = val
			} else if e != "" {
				v[strings.ToLower(e)] = "true" // a key with no value is true
			}
		}
		return v, nil
	}
	c, err := r.repo.ConfigScoped(config.SystemScope)
	if err != nil {
		return nil, err
	}
	for _, k := range policyKeys {
		parts := strings.Split(k, ".")
		s := c.Raw.Section(parts[0])
		if len(parts) == 3 {
			s2 := s.Subsection(parts[1])
			if val := s2.Option(parts[2]); s2.HasOption(parts[2]) {
				v[k] = val
			}
			continue
		}
		if s.HasOption(parts[1]) {
			v[k] = s.Option(parts[1])
		}
	}
	return v, nil
}

// gitBool reads a git boolean.
func gitBool(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "on", "1":
		return true
	}
	return false
}

// Writes are the kinds of writes a command is about to make.
type Writes struct {
	Commits, Tags, Pushes bool
}

// WriteRefusal is CheckWrites' refusal: what cannot be done as the
// repository asks, and what to do.
type WriteRefusal struct {
	// Problem says what cannot be done.
	Problem string
	// Fix says what to do.
	Fix string
}

// Error is the problem.
func (e *WriteRefusal) Error() string { return e.Problem }

// CheckWrites refuses (*WriteRefusal), before a command changes anything,
// writes that the repository asks to be signed or hooked when hotfix
// cannot make them so: without the git binary (HOTFIX_GIT=go, or no git
// installed), or with a signing setup that cannot work (no signing
// program, no key). It does not sign anything: a passphrase is asked for
// once, when git signs.
func (r *Repo) CheckWrites(ctx context.Context, w Writes) error {
	p, err := r.WritePolicy(ctx)
	if err != nil {
		return err
	}
	var why []string
	if w.Commits && p.SignCommits {
		why = append(why, "commit.gpgSign asks for signed commits")
	}
	if w.Commits && len(p.CommitHooks) > 0 {
		why = append(why, "commit hooks must run ("+strings.Join(p.CommitHooks, ", ")+")")
	}
	if w.Tags && p.SignTags {
		why = append(why, "tag.gpgSign or tag.forceSignAnnotated asks for signed tags")
	}
	if w.Pushes && p.SignPushes {
		why = append(why, "push.gpgSign asks for signed pushes")
	}
	if w.Pushes && len(p.PushHooks) > 0 {
		why = append(why, "the pre-push hook must run ("+strings.Join(p.PushHooks, ", ")+")")
	}
	if len(why) == 0 {
		return nil
	}
	if r.bin == "" {
		return &WriteRefusal{Problem: strings.Join(why, "; ") + ", which only the git binary does, and hotfix is running without it (HOTFIX_GIT=go, or no git on PATH)",
			Fix: "install git or unset HOTFIX_GIT, then run the command again"}
	}
	if (w.Commits && p.SignCommits) || (w.Tags && p.SignTags) || (w.Pushes && p.SignPushes) {
		return p.checkSigner(ctx)
	}
	return nil
}

// checkSigner checks, without signing, that the signing setup can work:
// the program exists and a key is named (and, for gpg, is a secret key
// gpg has; for ssh, a key file that exists).
func (p WritePolicy) checkSigner(ctx context.Context) error {
	prog, err := exec.LookPath(expandHome(p.Program))
	if err != nil {
		return &WriteRefusal{Problem: fmt.Sprintf("the repository asks for signatures (gpg.format %s), but the signing program %q is not installed", p.Format, p.Program),
			Fix: "install it, or set gpg.program (gpg.ssh.program for ssh) to where it is, then run the command again"}
	}
	switch p.Format {
	case "ssh":
		key := p.SigningKey
		switch {
		case key == "" && p.sshDefaultKey == "":
			return &WriteRefusal{Problem: "the repository asks for ssh signatures (gpg.format ssh), but user.signingkey is not set",
				Fix: "set user.signingkey to your ssh key (git config user.signingkey ~/.ssh/id_ed25519.pub), then run the command again"}
		case key == "", strings.HasPrefix(key, "key::"), strings.HasPrefix(key, "ssh-"), strings.HasPrefix(key, "ecdsa-"), strings.HasPrefix(key, "sk-"):
		default:
			if _, err := os.Stat(expandHome(key)); err != nil {
				return &WriteRefusal{Problem: fmt.Sprintf("the repository asks for ssh signatures, but the key user.signingkey names, %s, does not exist", key),
					Fix: "set user.signingkey to an ssh key file that exists, then run the command again"}
			}
		}
	case "openpgp":
		if !strings.Contains(filepath.Base(prog), "gpg") || p.SigningKey == "" {
			return nil // a wrapper, or git's own default: git will say
		}
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, prog, "--batch", "--list-secret-keys", "--", p.SigningKey)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return &WriteRefusal{Problem: fmt.Sprintf("the repository asks for gpg signatures, but %s has no secret key for %q", p.Program, p.SigningKey),
				Fix: "set user.signingkey to a key `gpg --list-secret-keys` shows (or import yours), then run the command again"}
		}
	}
	return nil
}

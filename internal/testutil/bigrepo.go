package testutil

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Shape describes a repository for BigRepo to generate: its size and the
// shape of its history. The same Shape always generates the same repository.
type Shape struct {
	// Commits is the number of commits reachable from main, merges and the
	// merged side commits included.
	Commits int
	// Files is about how many files main's tree holds (files are added and
	// deleted along the history, so the final count varies by a few percent).
	Files int
	// Dirs is the number of directories the files are spread over.
	Dirs int
	// MaxDepth bounds how deeply directories nest.
	MaxDepth int
	// FileSize is the median file size in bytes. Sizes are log-normal like a
	// real source tree's (the mean is about 2.8 times the median), capped at
	// 1 MiB.
	FileSize int
	// FilesPerCommit is the mean number of files an ordinary commit changes;
	// a commit changes neighbouring files (the same directory or subtree).
	FilesPerCommit int
	// MergeEvery makes every MergeEvery-th change on main a pull request: a
	// side commit forked from main up to three changes back, merged into main
	// by a merge commit. 0 keeps the history linear.
	MergeEvery int
	// TagEvery puts an annotated release tag (v1.2.3) on main about every
	// TagEvery commits, with a pre-release tag (v1.3.0-rc.1) a few changes
	// before each minor release.
	TagEvery int
	// TagBehind is how many commits main has after its newest release tag.
	TagBehind int
	// SinceTagFiles is how many neighbouring files a bulk change (like a
	// vendor update) right after the newest release tag changes, so that the
	// newest release and main differ in many files. 0 adds no bulk change.
	SinceTagFiles int
	// Repack runs `git repack -a -d -f` after the import, so that the pack's
	// deltas are like a real clone's (same-path deltas, newest versions
	// whole) rather than fast-import's. It adds about 25 s to generating
	// MobyShape on two cores, and makes the pack five times smaller.
	Repack bool
	// Seed seeds the generator.
	Seed uint64
}

// MobyShape is the size of moby/moby in 2026 (57.5k commits on master, 40%
// of them merges; 13k files in 2.7k directories, median size 2.3 kB, mean
// 8 kB; 593 tags; the newest release 150 commits behind master and 1048
// files away from it).
var MobyShape = Shape{
	Commits: 57000, Files: 13000, Dirs: 2700, MaxDepth: 10, FileSize: 2300,
	FilesPerCommit: 4, MergeEvery: 2, TagEvery: 100, TagBehind: 150, SinceTagFiles: 600,
	Repack: true, Seed: 1,
}

// SmallShape is a small repository of the same kind as MobyShape, for quick
// runs (go test -short -bench).
var SmallShape = Shape{
	Commits: 2000, Files: 1000, Dirs: 200, MaxDepth: 8, FileSize: 2300,
	FilesPerCommit: 4, MergeEvery: 2, TagEvery: 100, TagBehind: 150, SinceTagFiles: 60,
	Repack: true, Seed: 1,
}

// bigRepoVersion changes whenever the generator's output changes, so that
// stale caches are not reused.
const bigRepoVersion = 1

// Key is the shape's cache key: a hash of the shape and the generator's
// version.
func (s Shape) Key() string {
	h := sha256.Sum256([]byte(fmt.Sprintf("v%d %+v", bigRepoVersion, s)))
	return hex.EncodeToString(h[:6])
}

// BigRepoCache returns the directory holding the generated repository of
// shape s, generating it first if needed: os.TempDir()/hotfix-bench-<key>,
// with the bare repository origin.git inside (branch main, release/* branches
// and tags). Generation happens in a temporary directory that is renamed into
// place when complete, so concurrent or interrupted runs never see a
// half-built cache. Remove the directory to regenerate it.
func BigRepoCache(tb testing.TB, s Shape) string {
	tb.Helper()
	final := filepath.Join(os.TempDir(), "hotfix-bench-"+s.Key())
	if _, err := os.Stat(filepath.Join(final, "origin.git", "HEAD")); err == nil {
		return final
	}
	removeStale(final)
	tmp, err := os.MkdirTemp(os.TempDir(), filepath.Base(final)+".tmp-")
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	if err := generate(tmp, s); err != nil {
		_ = os.RemoveAll(tmp)
		tb.Fatalf("generate repository %+v: %v", s, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		// Another run finished first: use its copy.
		_ = os.RemoveAll(tmp)
		if _, err2 := os.Stat(filepath.Join(final, "origin.git", "HEAD")); err2 != nil {
			tb.Fatalf("cache %s: %v", final, err)
		}
	}
	tb.Logf("generated %s in %s", final, time.Since(start).Round(time.Millisecond))
	return final
}

// removeStale removes temporary directories left behind by interrupted
// generations of the same cache (older than two hours, so that a
// generation still running elsewhere is left alone).
func removeStale(final string) {
	old, _ := filepath.Glob(final + ".tmp-*")
	for _, d := range old {
		if fi, err := os.Stat(d); err == nil && time.Since(fi.ModTime()) > 2*time.Hour {
			_ = os.RemoveAll(d)
		}
	}
}

// BigRepo returns a fresh work tree of the generated repository of shape s
// (see BigRepoCache), in tb.TempDir(): a clone of the cached origin.git, with
// main checked out, the remote "origin" pointing at the cache (the clone
// hardlinks its objects), user.name and user.email set, and an index whose
// entries are not racily clean, so that `git status` needs no file reads.
// It takes a few seconds for MobyShape; use ResetBigRepo between iterations
// instead of calling BigRepo again.
func BigRepo(tb testing.TB, s Shape) string {
	tb.Helper()
	cache := BigRepoCache(tb, s)
	dir := filepath.Join(tb.TempDir(), "work")
	Git(tb, filepath.Dir(dir), "clone", "-q", filepath.Join(cache, "origin.git"), dir)
	Git(tb, dir, "config", "user.name", "Test Author")
	Git(tb, dir, "config", "user.email", "author@example.com")
	settleIndex(tb, dir)
	return dir
}

// settleIndex waits until the clock has moved past the second the index was
// written in and refreshes the index, so that no entry is racily clean (git
// would otherwise re-read those files on every `git status` that may not
// write the index, such as hotfix's). It then runs sync(1) where there is
// one, so that the kernel does not write back the files just checked out
// during the next timed run.
func settleIndex(tb testing.TB, dir string) {
	tb.Helper()
	defer func() {
		if p, err := exec.LookPath("sync"); err == nil {
			_ = exec.Command(p).Run()
		}
	}()
	fi, err := os.Stat(filepath.Join(dir, ".git", "index"))
	if err != nil {
		tb.Fatal(err)
	}
	if d := time.Until(fi.ModTime().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)); d > 0 {
		time.Sleep(d)
	}
	Git(tb, dir, "update-index", "-q", "--refresh")
}

// ResetBigRepo puts a work tree made by BigRepo back to its starting state
// after a command ran in it: main checked out with a clean work tree, no
// local branches but main and develop, no .hotfix/ or .git/hotfix/, no
// per-branch git-flow settings, and a settled index (see BigRepo). It takes
// up to a second, waiting for the index to settle.
func ResetBigRepo(tb testing.TB, dir string) {
	tb.Helper()
	Git(tb, dir, "checkout", "-q", "-f", "main")
	for _, ref := range strings.Fields(Git(tb, dir, "for-each-ref", "--format=%(refname)", "refs/heads/")) {
		if ref != "refs/heads/main" && ref != "refs/heads/develop" {
			Git(tb, dir, "update-ref", "-d", ref)
		}
	}
	for _, d := range []string{".hotfix", filepath.Join(".git", "hotfix")} {
		if err := os.RemoveAll(filepath.Join(dir, d)); err != nil {
			tb.Fatal(err)
		}
	}
	if out, err := GitErr(dir, nil, "config", "--name-only", "--get-regexp", `^gitflow\.branch\..*/`); err == nil {
		for _, k := range strings.Fields(out) {
			Git(tb, dir, "config", "--unset-all", k)
		}
	}
	settleIndex(tb, dir)
}

// generate writes origin.git, the generated bare repository, into dir.
func generate(dir string, s Shape) error {
	if s.Commits < 1 || s.Files < 1 || s.Dirs < 1 || s.MaxDepth < 1 || s.FileSize < 1 || s.FilesPerCommit < 1 {
		return fmt.Errorf("invalid shape")
	}
	origin := filepath.Join(dir, "origin.git")
	if out, err := GitErr(dir, nil, "init", "-q", "--bare", "-b", "main", origin); err != nil {
		return fmt.Errorf("git init: %v: %s", err, out)
	}
	g := newGenerator(s)
	cmd := exec.Command("git", "-c", "pack.compression=1", "fast-import", "--quiet", "--done", "--date-format=raw")
	cmd.Dir = origin
	cmd.Env = GitEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdin, 1<<20)
	werr := g.write(w)
	if werr == nil {
		werr = w.Flush()
	}
	if werr != nil {
		_ = cmd.Process.Kill()
	}
	_ = stdin.Close()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %v: %s", err, stderr.String())
	}
	if werr != nil {
		return werr
	}
	steps := [][]string{{"update-ref", "-d", "refs/heads/pr"}, {"pack-refs", "--all"}}
	if s.Repack {
		steps = append(steps, []string{"repack", "-q", "-a", "-d", "-f"})
	}
	for _, args := range steps {
		if out, err := GitErr(origin, nil, args...); err != nil {
			return fmt.Errorf("git %s: %v: %s", args[0], err, out)
		}
	}
	return os.WriteFile(filepath.Join(dir, "shape.txt"), []byte(fmt.Sprintf("%+v\n", s)), 0o644)
}

// generator produces the fast-import stream for a shape.
type generator struct {
	s      Shape
	r      *rand.Rand
	corpus []byte
	// One slot per path that exists at some point of the history, sorted,
	// so that neighbouring slots are in the same directory or subtree.
	paths   []string
	size    []int
	offset  []int
	mode    []string
	live    []bool
	version []int
	mark    int
	when    int64
}

// corpusSize is the length of the text files are cut from; file sizes are
// capped at half of it.
const corpusSize = 2 << 20

func newGenerator(s Shape) *generator {
	g := &generator{s: s, r: rand.New(rand.NewPCG(s.Seed, 0x686f74666978)), when: 1358800000}
	g.corpus = makeCorpus(rand.New(rand.NewPCG(s.Seed, 1)), corpusSize)
	g.makeTree()
	return g
}

var (
	dirWords  = strings.Fields("api client cmd daemon pkg internal integration vendor hack docs contrib types server network volume image container plugin build cluster swarm runtime config events logger driver store util errors system registry distribution archive mount oci libnetwork ipam bridge overlay windows linux fixtures testdata proto grpc http auth")
	fileWords = strings.Fields("main server client handler router config types options errors util helpers state store cache manager service backend controller driver plugin events stream archive parser writer reader lock mount image layer network volume build exec attach logs stats inspect prune")
	fileExts  = strings.Fields(".go .go .go .go .go .go .go _test.go _test.go .md .json .yaml .sh .proto .txt")
	codeWords = strings.Fields("func return if err nil := ctx context string int error struct type var for range package import defer go chan select case default map make len append bool true false fmt Errorf Sprintf log Debug opts config client server id name path value result")
)

// makeCorpus returns n bytes of Go-like text.
func makeCorpus(r *rand.Rand, n int) []byte {
	var b bytes.Buffer
	b.Grow(n + 200)
	for b.Len() < n {
		b.WriteString(strings.Repeat("\t", r.IntN(4)))
		for w := 2 + r.IntN(9); w > 0; w-- {
			b.WriteString(codeWords[r.IntN(len(codeWords))])
			if w > 1 {
				b.WriteByte(" (.,"[r.IntN(4)])
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()[:n]
}

// makeTree lays out the directories and the file slots.
func (g *generator) makeTree() {
	type dir struct {
		path  string
		depth int
	}
	dirs := []dir{{}}
	taken := map[string]bool{}
	for len(dirs) < g.s.Dirs+1 {
		// The shallower of two random directories, so that nesting is
		// about as deep as a real tree's.
		p := dirs[g.r.IntN(len(dirs))]
		if q := dirs[g.r.IntN(len(dirs))]; q.depth < p.depth {
			p = q
		}
		if p.depth >= g.s.MaxDepth {
			continue
		}
		name := dirWords[g.r.IntN(len(dirWords))]
		if g.r.IntN(3) == 0 {
			name += strconv.Itoa(g.r.IntN(100))
		}
		path := strings.TrimPrefix(p.path+"/"+name, "/")
		if taken[path] {
			continue
		}
		taken[path] = true
		dirs = append(dirs, dir{path, p.depth + 1})
	}
	slots := g.s.Files + g.s.Files/30
	seen := map[string]bool{}
	for len(g.paths) < slots {
		d := dirs[g.r.IntN(len(dirs))]
		name := fileWords[g.r.IntN(len(fileWords))]
		if g.r.IntN(2) == 0 {
			name += "_" + fileWords[g.r.IntN(len(fileWords))]
		}
		name += fileExts[g.r.IntN(len(fileExts))]
		path := strings.TrimPrefix(d.path+"/"+name, "/")
		if seen[path] || taken[path] {
			continue
		}
		seen[path] = true
		g.paths = append(g.paths, path)
	}
	sort.Strings(g.paths)
	n := len(g.paths)
	g.size, g.offset, g.mode = make([]int, n), make([]int, n), make([]string, n)
	g.live, g.version = make([]bool, n), make([]int, n)
	sigma := 1.45
	for i := range g.paths {
		sz := int(float64(g.s.FileSize) * math.Exp(sigma*g.r.NormFloat64()))
		g.size[i] = min(max(sz, 16), corpusSize/2)
		g.offset[i] = g.r.IntN(corpusSize / 2)
		switch x := g.r.IntN(2000); {
		case x < 1:
			g.mode[i] = "120000"
		case x < 8:
			g.mode[i] = "100755"
		default:
			g.mode[i] = "100644"
		}
	}
	for _, i := range g.r.Perm(n)[:g.s.Files] {
		g.live[i] = true
	}
}

// content returns slot i's content at its current version.
func (g *generator) content(i int) []byte {
	v := g.version[i]
	if g.mode[i] == "120000" {
		return []byte(fmt.Sprintf("../%s.%d", filepath.Base(g.paths[i]), v))
	}
	body := g.corpus[g.offset[i] : g.offset[i]+g.size[i]]
	var b bytes.Buffer
	b.Grow(len(body) + 128)
	fmt.Fprintf(&b, "// %s\n// revision %d\n", g.paths[i], v)
	// A few lines changed per version, at places that depend on it.
	h := uint64(i)*0x9E3779B97F4A7C15 ^ uint64(v)*0xBF58476D1CE4E5B9
	cuts := []int{int(h % uint64(len(body))), int((h >> 21) % uint64(len(body))), int((h >> 42) % uint64(len(body)))}
	sort.Ints(cuts)
	last := 0
	for k, c := range cuts {
		if nl := bytes.IndexByte(body[c:], '\n'); nl >= 0 {
			c += nl + 1
		} else {
			c = len(body)
		}
		if c < last {
			c = last
		}
		b.Write(body[last:c])
		fmt.Fprintf(&b, "\t// change %d.%d\n", v, k)
		last = c
	}
	b.Write(body[last:])
	return b.Bytes()
}

// step is one change on main: a commit, or a pull request (a side commit
// and its merge).
type step struct {
	pr   bool
	bulk int
	tags []string
}

// plan decides the changes on main and where the tags go.
func (g *generator) plan() []step {
	steps := []step{{}}
	total := 1
	for i := 1; total < g.s.Commits; i++ {
		pr := g.s.MergeEvery > 0 && i%g.s.MergeEvery == 0 && total+2 <= g.s.Commits
		steps = append(steps, step{pr: pr})
		total++
		if pr {
			total++
		}
	}
	// after[i] is how many commits main has after step i.
	after := make([]int, len(steps))
	for i, n := len(steps)-1, 0; i >= 0; i-- {
		after[i] = n
		n++
		if steps[i].pr {
			n++
		}
	}
	newest := -1
	for i := len(steps) - 1; i >= 1; i-- {
		if after[i] >= g.s.TagBehind {
			newest = i
			break
		}
	}
	if newest < 0 || g.s.TagEvery <= 0 {
		return steps
	}
	if g.s.SinceTagFiles > 0 && newest+1 < len(steps) {
		steps[newest+1].bulk = g.s.SinceTagFiles
	}
	var tagged []int
	for i, last := newest, -1; i >= 1; i-- {
		if last < 0 || after[i]-after[last] >= g.s.TagEvery {
			tagged = append(tagged, i)
			last = i
		}
	}
	for k := range tagged {
		i := tagged[len(tagged)-1-k]
		major, minor, patch := 1+k/100, k/10%10, k%10
		steps[i].tags = append(steps[i].tags, fmt.Sprintf("v%d.%d.%d", major, minor, patch))
		if patch == 0 && i > 5 {
			steps[i-5].tags = append(steps[i-5].tags, fmt.Sprintf("v%d.%d.0-rc.1", major, minor))
		}
	}
	return steps
}

// write writes the whole fast-import stream.
func (g *generator) write(w *bufio.Writer) error {
	steps := g.plan()
	var mainMarks []int
	var touched []int // slots changed by the step being written
	var ops bytes.Buffer
	release := map[string]int{}
	prs := 0
	for i, st := range steps {
		ops.Reset()
		touched = touched[:0]
		if i == 0 {
			for s := range g.paths {
				if g.live[s] {
					touched = append(touched, s)
				}
			}
		} else {
			k := st.bulk
			if k == 0 {
				k = 1 + g.r.IntN(2*g.s.FilesPerCommit-1)
			}
			start := g.r.IntN(len(g.paths))
			for j := 0; j < k && j < len(g.paths); j++ {
				touched = append(touched, (start+j)%len(g.paths))
			}
		}
		for _, s := range touched {
			switch {
			case i > 0 && g.live[s] && g.r.IntN(100) < 2:
				g.live[s] = false
				fmt.Fprintf(&ops, "D %s\n", g.paths[s])
				continue
			case i > 0:
				g.live[s] = true
				g.version[s]++
			}
			data := g.content(s)
			g.mark++
			fmt.Fprintf(w, "blob\nmark :%d\ndata %d\n", g.mark, len(data))
			w.Write(data)
			w.WriteByte('\n')
			fmt.Fprintf(&ops, "M %s :%d %s\n", g.mode[s], g.mark, g.paths[s])
		}
		var msg string
		switch {
		case i == 0:
			msg = "Initial commit"
		case st.bulk > 0:
			msg = fmt.Sprintf("vendor: update dependencies (%d files)", st.bulk)
		default:
			msg = fmt.Sprintf("%s: change %d", filepath.Dir(g.paths[touched[0]]), i)
		}
		if st.pr {
			prs++
			fork := mainMarks[len(mainMarks)-1-g.r.IntN(min(4, len(mainMarks)))]
			g.mark++
			side := g.mark
			g.commit(w, "refs/heads/pr", side, msg, fmt.Sprintf("from :%d\n", fork), ops.Bytes())
			g.mark++
			g.commit(w, "refs/heads/main", g.mark, fmt.Sprintf("Merge pull request #%d from contributor/change-%d\n\n%s", prs, i, msg),
				fmt.Sprintf("merge :%d\n", side), ops.Bytes())
		} else {
			g.mark++
			g.commit(w, "refs/heads/main", g.mark, msg, "", ops.Bytes())
		}
		mainMarks = append(mainMarks, g.mark)
		for _, t := range st.tags {
			tmsg := "Release " + t
			fmt.Fprintf(w, "tag %s\nfrom :%d\ntagger Release Bot <release@example.com> %d +0000\ndata %d\n%s\n", t, g.mark, g.when, len(tmsg), tmsg)
			if !strings.Contains(t, "-") {
				release["release/"+t[1:strings.LastIndexByte(t, '.')]] = g.mark
			}
		}
	}
	names := make([]string, 0, len(release))
	for b := range release {
		names = append(names, b)
	}
	sort.Strings(names)
	for _, b := range names {
		fmt.Fprintf(w, "reset refs/heads/%s\nfrom :%d\n\n", b, release[b])
	}
	_, err := io.WriteString(w, "done\n")
	return err
}

// commit writes one commit, two hours after the previous one.
func (g *generator) commit(w *bufio.Writer, ref string, mark int, msg, parents string, ops []byte) {
	g.when += 7200
	author := fmt.Sprintf("Dev %d <dev%d@example.com> %d +0000", mark%50, mark%50, g.when)
	fmt.Fprintf(w, "commit %s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n%s", ref, mark, author, author, len(msg), msg, parents)
	w.Write(ops)
	w.WriteByte('\n')
}

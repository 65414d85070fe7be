package verify

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/hotfix-dev/hotfix/pkg/verify/lang"
)

// inputOld is input with the content before the change too (by old path).
func inputOld(files, olds map[string]string, changes ...Change) Input {
	in := input(files, changes...)
	in.ReadOld = func(p string) ([]byte, error) {
		s, ok := olds[p]
		if !ok {
			return nil, os.ErrNotExist
		}
		return []byte(s), nil
	}
	return in
}

// hunk is one hunk of a change: on old lines from ostart became nn lines
// from nstart.
func hunk(ostart, on, nstart, nn int) Hunk {
	return Hunk{OldStart: ostart, OldLines: on, NewStart: nstart, NewLines: nn}
}

// findings runs docs-touched on one changed file, before and after the
// change, and returns "line symbol: message" for each finding.
func findings(t *testing.T, path, before, after string, hunks ...Hunk) []string {
	t.Helper()
	c := Change{Path: path, OldPath: path, Status: 'M', Hunks: hunks}
	if before == "" {
		c.OldPath, c.Status = "", 'A'
	}
	in := inputOld(map[string]string{path: after}, map[string]string{path: before}, c)
	_, fs := DocsTouched(&in, prepare(&in))
	var out []string
	for _, f := range fs {
		out = append(out, strings.Join([]string{strconv.Itoa(f.Line), f.Symbol + ":", f.Message}, " "))
	}
	return out
}

// check compares the findings' start ("line symbol: message prefix").
func check(t *testing.T, got []string, want ...string) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestDocsTouchedNewChangedRenamed(t *testing.T) {
	before := "package shop\n\nfunc Total(p int) int {\n\treturn p\n}\n\nfunc Sum(xs []int) int {\n\tn := 0\n\tfor _, x := range xs {\n\t\tn += x\n\t}\n\treturn n\n}\n"
	after := "package shop\n\nfunc Total(p int) int {\n\treturn p + 1\n}\n\nfunc Add(xs []int) int {\n\tn := 0\n\tfor _, x := range xs {\n\t\tn += x\n\t}\n\treturn n\n}\n\nfunc Discount(p int) int { return p / 2 }\n"
	got := findings(t, "shop.go", before, after, hunk(4, 1, 4, 1), hunk(7, 1, 7, 1), hunk(13, 0, 14, 2))
	check(t, got,
		"3 Total: func Total changed and has no doc comment",
		"7 Add: func Add changed (renamed from Sum) and has no doc comment",
		"15 Discount: new func Discount has no doc comment")
}

func TestDocsTouchedNewMethodWithContextBrace(t *testing.T) {
	before := "package shop\n\n// Cart is a cart.\ntype Cart struct{ n int }\n\n// Empty empties it.\nfunc (c *Cart) Empty() {\n\tc.n = 0\n}\n"
	after := before + "\nfunc (c *Cart) reset() {\n\tc.n = 0\n}\n"
	// As git often shows it: Empty's closing brace is added and the new
	// method's closing brace is the old context line.
	hs := []Hunk{hunk(8, 0, 9, 4)}
	check(t, findings(t, "shop.go", before, after, hs...), "11 Cart.reset: new method Cart.reset has no doc comment; the policy asks")
	// Without the old content, the lines decide: reset is not all added.
	in := input(map[string]string{"shop.go": after}, Change{Path: "shop.go", OldPath: "shop.go", Status: 'M', Hunks: hs})
	if _, fs := DocsTouched(&in, prepare(&in)); len(fs) != 0 {
		t.Errorf("by lines: %v", fs)
	}
}

func TestDocsTouchedVarMadeConst(t *testing.T) {
	before := "package cmd\n\nvar minUsagePadding = 25\n\nvar Padding = 25\n"
	after := "package cmd\n\nconst minUsagePadding = 25\n\nconst Padding = 25\n"
	check(t, findings(t, "command.go", before, after, hunk(3, 1, 3, 1), hunk(5, 1, 5, 1)),
		"5 Padding: const Padding changed and has no doc comment")
}

func TestDocsTouchedUnchangedNextToDeletion(t *testing.T) {
	before := "package a;\n\n/** Foo. */\npublic class Foo {\n  @Override\n  public int hashCode() {\n    return 1;\n  }\n\n  // a note\n  // more\n}\n"
	after := "package a;\n\n/** Foo. */\npublic class Foo {\n  @Override\n  public int hashCode() {\n    return 1;\n  }\n}\n"
	check(t, findings(t, "src/main/java/a/Foo.java", before, after, hunk(9, 3, 8, 0)))
	// A public override whose body changed needs no Javadoc of its own:
	// Javadoc inherits the overridden method's. A public method does.
	changed := strings.Replace(after, "return 1;", "return 2;", 1)
	check(t, findings(t, "src/main/java/a/Foo.java", after, changed, hunk(7, 1, 7, 1)))
	plain := strings.Replace(after, "  @Override\n", "", 1)
	check(t, findings(t, "src/main/java/a/Foo.java", plain, strings.Replace(plain, "return 1;", "return 2;", 1), hunk(6, 1, 6, 1)),
		"5 Foo.hashCode: method Foo.hashCode changed and has no doc comment")
}

// TestDocsTouchedRemovedDoc: a change that only deletes a public
// declaration's doc comment leaves it undocumented, and is told so; a
// private one's, and a doc that stays, are not asked about.
func TestDocsTouchedRemovedDoc(t *testing.T) {
	before := "package x\n\n// Total sums.\nfunc Total(a, b int) int { return a + b }\n\n// sum sums.\nfunc sum(a, b int) int { return a + b }\n"
	after := "package x\n\nfunc Total(a, b int) int { return a + b }\n\nfunc sum(a, b int) int { return a + b }\n"
	check(t, findings(t, "x.go", before, after, hunk(3, 1, 2, 0), hunk(6, 1, 4, 0)),
		"3 Total: the change removed the doc comment of func Total; restore it")
	// A doc reworded, not removed: the declaration did not change.
	reworded := strings.Replace(before, "// Total sums.", "// Total adds a and b.", 1)
	check(t, findings(t, "x.go", before, reworded, hunk(3, 1, 3, 1)))
	// Python: a public function's docstring deleted.
	check(t, findings(t, "m.py", "def total(a, b):\n    \"\"\"Sum.\"\"\"\n    return a + b\n", "def total(a, b):\n    return a + b\n", hunk(2, 1, 1, 0)),
		"1 total: the change removed the doc comment of function total; restore it")
}

// TestDocsTouchedDeletionsOutside: lines deleted just above or below a
// declaration (another declaration's) do not change it; lines deleted
// inside it do.
func TestDocsTouchedDeletionsOutside(t *testing.T) {
	// A function deleted between two others: neither changed.
	before := "package x\n\nfunc A() int { return 1 }\n\nfunc gone() {}\n\nfunc B() int { return 2 }\n"
	after := "package x\n\nfunc A() int { return 1 }\n\nfunc B() int { return 2 }\n"
	check(t, findings(t, "x.go", before, after, hunk(5, 2, 4, 0)))
	// A type alias deleted just above an exported class whose member
	// changed: the member changed, not the class.
	tsBefore := "type Setter = (v: string) => void;\n\nexport class Headers {\n  /** Sets. */\n  set(v: string): void {}\n  get(): string { return '' }\n}\n"
	tsAfter := "export class Headers {\n  /** Sets. */\n  set(v: string): void {}\n  get(): string { return 'x' }\n}\n"
	check(t, findings(t, "src/h.ts", tsBefore, tsAfter, hunk(1, 2, 0, 0), hunk(6, 1, 4, 1)),
		"4 Headers.get: method Headers.get changed and has no doc comment")
	// A line deleted inside a function changes it.
	inBefore := "package x\n\nfunc A() int {\n\tx := 1\n\treturn 1\n}\n"
	inAfter := "package x\n\nfunc A() int {\n\treturn 1\n}\n"
	check(t, findings(t, "x.go", inBefore, inAfter, hunk(4, 1, 3, 0)),
		"3 A: func A changed and has no doc comment")
}

func TestDocsTouchedPythonExemptions(t *testing.T) {
	src := `import typing


class Editor:
    """Edits."""

    def __init__(self):
        self.x = 1

    def __repr__(self):
        return "E"

    @typing.overload
    def edit(self, x: int) -> int: ...

    @typing.overload
    def edit(self, x: str) -> str: ...

    def edit(self, x):
        """Edits x."""
        return x


class Plain:
    def __init__(self):
        pass


LIMIT = 3
`
	n := strings.Count(src, "\n")
	check(t, findings(t, "editor.py", "", src, hunk(0, 0, 1, n)),
		"24 Plain: new class Plain has no doc comment",
		"25 Plain.__init__: new method Plain.__init__ has no doc comment; the policy asks")
	// A dunder method changed later needs no docstring either.
	changed := strings.Replace(src, `return "E"`, `return "Editor"`, 1)
	check(t, findings(t, "editor.py", src, changed, hunk(11, 1, 11, 1)))
}

func TestDocsTouchedJSDeclarations(t *testing.T) {
	src := "const LIMIT = 3;\nconst helper = () => 1;\n/** Docs. */\nexport class Box {\n  size = 1;\n  get area() { return 1; }\n  _x = 2;\n}\nexport const VERSION = \"1\";\n"
	check(t, findings(t, "src/box.ts", "", src, hunk(0, 0, 1, 9)),
		"2 helper: new function helper has no doc comment; the policy asks",
		"5 Box.size: new property Box.size has no doc comment",
		"6 Box.area: new getter Box.area has no doc comment",
		"9 VERSION: new const VERSION has no doc comment")
}

func TestDocsTouchedCommonJS(t *testing.T) {
	before := "/** Response. */\nvar res = Object.create(null);\n\nmodule.exports = res;\n"
	after := before + "\nres.json = function json(obj) {\n  return obj;\n};\n"
	check(t, findings(t, "lib/response.js", before, after, hunk(4, 0, 5, 4)),
		"6 res.json: new method res.json has no doc comment; add a JSDoc comment")
}

func TestMatchDecls(t *testing.T) {
	goDecls := func(src string) []lang.Decl {
		ds, err := lang.Go{}.Decls("a.go", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	before := "package a\n\nfunc f(x int) int {\n\ty := x * 2\n\treturn y + 1\n}\n\nfunc g() {}\n\nvar v = 1\n"
	after := "package a\n\nfunc h(x int) int {\n\ty := x * 2\n\treturn y + 1\n}\n\nfunc g() { println() }\n\nconst v = 1\n\nfunc k() {}\n"
	olds, news := goDecls(before), goDecls(after)
	ms := matchDecls([]byte(after), news, []byte(before), olds, func(lang.Decl) bool { return true })
	var got []string
	for i, m := range ms {
		got = append(got, news[i].Name+"="+[]string{"lines", "new", "changed", "renamed:" + m.renamedFrom, "same"}[m.state])
	}
	want := []string{"h=renamed:f", "g=changed", "v=changed", "k=new"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if s := similarity(tokens("a b c d"), tokens("a b c e")); s != 0.75 {
		t.Errorf("similarity %v", s)
	}
}

// TestDocsTouchedMemberChangeIsNotTheClass checks, per language, that a
// change inside a method changes the method, not the undocumented class
// that holds it, while a change to the class's own lines changes the class.
func TestDocsTouchedMemberChangeIsNotTheClass(t *testing.T) {
	for _, tc := range []struct {
		lang, path, before, after string
		method                    Hunk // the method's body line changed
		header                    Hunk // the class's own line changed
		headerAfter               string
		want                      string
	}{
		{"python", "shop/cart.py",
			"class Cart:\n    def total(self):\n        \"\"\"Sum.\"\"\"\n        return 1\n",
			"class Cart:\n    def total(self):\n        \"\"\"Sum.\"\"\"\n        return 2\n",
			hunk(4, 1, 4, 1), hunk(1, 1, 1, 1), "class Cart(object):\n    def total(self):\n        \"\"\"Sum.\"\"\"\n        return 1\n", "1 Cart: class Cart changed"},
		{"typescript", "src/cart.ts",
			"export class Cart {\n  /** Sum. */\n  total(): number {\n    return 1\n  }\n}\n",
			"export class Cart {\n  /** Sum. */\n  total(): number {\n    return 2\n  }\n}\n",
			hunk(4, 1, 4, 1), hunk(1, 1, 1, 1), "export class Cart extends Base {\n  /** Sum. */\n  total(): number {\n    return 1\n  }\n}\n", "1 Cart: class Cart changed"},
		{"java", "src/main/java/a/Cart.java",
			"package a;\n\npublic class Cart {\n  /** Sum. */\n  public int total() {\n    return 1;\n  }\n}\n",
			"package a;\n\npublic class Cart {\n  /** Sum. */\n  public int total() {\n    return 2;\n  }\n}\n",
			hunk(6, 1, 6, 1), hunk(3, 1, 3, 1), "package a;\n\npublic final class Cart {\n  /** Sum. */\n  public int total() {\n    return 1;\n  }\n}\n", "3 Cart: class Cart changed"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			check(t, findings(t, tc.path, tc.before, tc.after, tc.method))
			check(t, findings(t, tc.path, tc.before, tc.headerAfter, tc.header), tc.want)
		})
	}
}

// TestDocsTouchedNewMemberIsNotAClassChange: the blank line and brace
// added with a new method are layout between members: the new method is
// flagged, its undocumented class is not changed by it.
func TestDocsTouchedNewMemberIsNotAClassChange(t *testing.T) {
	before := "package a;\n\npublic class Cart {\n  /** Sum. */\n  public int total() {\n    return 1;\n  }\n}\n"
	after := "package a;\n\npublic class Cart {\n  /** Sum. */\n  public int total() {\n    return 1;\n  }\n\n  private int tax() {\n    return 2;\n  }\n}\n"
	check(t, findings(t, "src/main/java/a/Cart.java", before, after, hunk(7, 0, 8, 4)),
		"9 Cart.tax: new method Cart.tax has no doc comment")
}

// TestDocsTouchedOverloadAddedBesideAChangedOne: a Java constructor added
// before an overload whose body changed pairs with nothing (new, so
// all_added asks it for Javadoc), and the changed one with its old self,
// each by what it resembles, not by which comes first.
func TestDocsTouchedOverloadAddedBesideAChangedOne(t *testing.T) {
	before := "package a;\n\n/** A stream. */\npublic class S {\n\n    /**\n     * Wraps in.\n     * @param in the stream\n     */\n    public S(final InputStream in) {\n        super(in);\n    }\n}\n"
	after := "package a;\n\n/** A stream. */\npublic class S {\n\n    private S(final Builder builder) throws IOException {\n        super(builder.getInputStream());\n        this.onClose = builder.onClose;\n    }\n\n    /**\n     * Wraps in.\n     * @param in the stream\n     */\n    public S(final InputStream in) {\n        super(in);\n        this.onClose = builder().onClose;\n    }\n}\n"
	got := findings(t, "S.java", before, after, hunk(5, 0, 6, 5), hunk(12, 0, 18, 1))
	check(t, got, "6 S.S: new constructor S.S has no doc comment")
}

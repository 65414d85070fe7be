package lang

import (
	"reflect"
	"testing"
)

// annotationsOf maps each declaration's name to its annotations.
func annotationsOf(t *testing.T, an Analyzer, file, src string) map[string][]string {
	t.Helper()
	ds, err := an.Decls(file, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, d := range ds {
		out[d.Name] = d.Annotations
	}
	return out
}

func TestPythonDecoratorNames(t *testing.T) {
	src := `import typing

class C:
    """Doc."""

    @typing.overload
    def f(self, x: int) -> int: ...
    @overload
    @other.deco("x")
    def g(self): ...

    def plain(self):
        pass

@app.route("/")
def view():
    pass
`
	got := annotationsOf(t, Python{}, "m.py", src)
	want := map[string][]string{"C": nil, "C.f": {"typing.overload"}, "C.g": {"overload", "other.deco"}, "C.plain": nil, "view": {"app.route"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestJavaAnnotationNames(t *testing.T) {
	src := `package a;

@Deprecated
public class A {
  @Override
  public int hashCode() { return 1; }

  @java.lang.Override @SuppressWarnings("x")
  public String toString() { return ""; }

  @Nullable public String f;

  public void plain() {}
}
`
	got := annotationsOf(t, Java{}, "A.java", src)
	want := map[string][]string{"A": {"Deprecated"}, "A.hashCode": {"Override"}, "A.toString": {"java.lang.Override", "SuppressWarnings"}, "A.f": {"Nullable"}, "A.plain": nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

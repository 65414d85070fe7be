package lang

import (
	"reflect"
	"testing"
)

func TestJavaDecls(t *testing.T) {
	for _, c := range []struct {
		file  string
		wants []want
	}{
		{"java/Awkward.java", []want{
			{"Awkward", "class", true, 12, 99, 14, 9, 11, "The awkward class."},
			{"Awkward.CODE", "field", true, 16, 16, 0, 15, 15, "A constant that looks like code."},
			{"Awkward.QUOTE", "field", false, 17, 17, 0, 0, 0, ""},
			{"Awkward.BRACE", "field", false, 17, 17, 0, 0, 0, ""},
			{"Awkward.index", "field", true, 18, 18, 0, 0, 0, ""},
			{"Awkward.other", "field", true, 18, 18, 0, 0, 0, ""},
			{"Awkward.packagePrivate", "field", false, 19, 19, 0, 0, 0, ""},
			{"Awkward.BLOCK", "field", false, 21, 25, 0, 0, 0, ""},
			{"Awkward.Awkward", "constructor", true, 32, 34, 32, 31, 31, "Makes one."},
			{"Awkward.Awkward", "constructor", false, 36, 38, 36, 0, 0, ""},
			{"Awkward.run", "method", true, 43, 51, 44, 40, 42, "Runs it."},
			{"Awkward.multiLine", "method", true, 53, 59, 56, 0, 0, ""},
			{"Awkward.arrays", "method", false, 61, 61, 61, 0, 0, ""},
			{"Awkward.Nested", "class", true, 63, 70, 63, 0, 0, ""},
			{"Awkward.Nested.inNested", "method", true, 64, 64, 64, 0, 0, ""},
			{"Awkward.Nested.Deeper", "interface", true, 66, 69, 66, 0, 0, ""},
			{"Awkward.Nested.Deeper.implicitPublic", "method", true, 67, 67, 0, 0, 0, ""},
			{"Awkward.Nested.Deeper.notPublic", "method", false, 68, 68, 68, 0, 0, ""},
			{"Awkward.State", "enum", false, 72, 84, 72, 0, 0, ""},
			{"Awkward.State.ON", "field", false, 73, 76, 73, 0, 0, ""},
			{"Awkward.State.OFF", "field", false, 77, 77, 0, 0, 0, ""},
			{"Awkward.State.raw", "field", false, 79, 79, 0, 0, 0, ""},
			{"Awkward.State.State", "constructor", false, 81, 81, 81, 0, 0, ""},
			{"Awkward.State.label", "method", false, 83, 83, 83, 0, 0, ""},
			{"Awkward.Point", "record", true, 86, 92, 86, 0, 0, ""},
			{"Awkward.Point.Point", "constructor", true, 87, 89, 87, 0, 0, ""},
			{"Awkward.Point.compareTo", "method", true, 91, 91, 91, 0, 0, ""},
			{"Awkward.Marker", "interface", true, 94, 96, 94, 0, 0, ""},
			{"Awkward.Marker.value", "method", true, 95, 95, 0, 0, 0, ""},
			{"Awkward.ünïcode", "method", true, 98, 98, 98, 0, 0, ""},
			{"PackagePrivate", "interface", false, 101, 103, 101, 0, 0, ""},
			{"PackagePrivate.method", "method", false, 102, 102, 0, 0, 0, ""},
		}},
		{"java/Broken.java", []want{
			{"Broken", "class", true, 1, 8, 1, 0, 0, ""},
			{"Broken.unclosed", "method", true, 2, 4, 0, 0, 0, ""},
			{"Broken.s", "field", true, 6, 6, 0, 0, 0, ""},
			{"Broken.after", "method", true, 7, 7, 7, 0, 0, ""},
		}},
		{"java/Tabs_crlf.java", []want{
			{"Tabs_crlf", "class", true, 4, 11, 4, 1, 3, "Tabs and CRLF."},
			{"Tabs_crlf.block", "field", true, 5, 7, 0, 0, 0, ""},
			{"Tabs_crlf.method", "method", true, 9, 10, 9, 0, 0, ""},
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			src := readTestdata(t, c.file)
			ds, err := Java{}.Decls(c.file, src)
			if err != nil {
				t.Fatal(err)
			}
			checkDecls(t, ds, c.wants)
			checkInvariants(t, src, ds)
		})
	}
}

func TestJavaCommentLines(t *testing.T) {
	ds, _ := Java{}.Decls("Awkward.java", readTestdata(t, "java/Awkward.java"))
	if got := commentLinesOf(t, ds, "Awkward.run"); !reflect.DeepEqual(got, []int{40, 41, 42}) {
		t.Errorf("Awkward.run comment lines %v", got)
	}
	if got := commentLinesOf(t, ds, "Awkward.CODE"); !reflect.DeepEqual(got, []int{15}) {
		t.Errorf("a /* in a string is a comment: %v", got)
	}
}

func TestJavaSnippets(t *testing.T) {
	for _, c := range []struct {
		name, src string
		wants     []want
	}{
		{"doc after annotation is not a doc", "@Deprecated\n/** Late. */\npublic class A {}\n", []want{
			{"A", "class", true, 1, 3, 3, 0, 0, ""},
		}},
		{"doc before annotations", "/** Early. */\n@Deprecated\n@SuppressWarnings(\"x\")\npublic class A {}\n", []want{
			{"A", "class", true, 2, 4, 4, 1, 1, "Early."},
		}},
		{"generic method and lambda field", "public class A {\n  public static <T> T id(T t) { return t; }\n  Runnable r = () -> { };\n}\n", []want{
			{"A", "class", true, 1, 4, 1, 0, 0, ""},
			{"A.id", "method", true, 2, 2, 2, 0, 0, ""},
			{"A.r", "field", false, 3, 3, 0, 0, 0, ""},
		}},
		{"char literals", "class A {\n  char a = '\\'', b = '{', c = '\"';\n  void m() {}\n}\n", []want{
			{"A", "class", false, 1, 4, 1, 0, 0, ""},
			{"A.a", "field", false, 2, 2, 0, 0, 0, ""},
			{"A.b", "field", false, 2, 2, 0, 0, 0, ""},
			{"A.c", "field", false, 2, 2, 0, 0, 0, ""},
			{"A.m", "method", false, 3, 3, 3, 0, 0, ""},
		}},
		{"sealed and permits", "public sealed interface S permits A, B {}\nnon-sealed class A implements S {}\n", []want{
			{"S", "interface", true, 1, 1, 1, 0, 0, ""},
			{"A", "class", false, 2, 2, 2, 0, 0, ""},
		}},
		{"enum without constants", "public enum E {\n  ;\n  public static void m() {}\n}\n", []want{
			{"E", "enum", true, 1, 4, 1, 0, 0, ""},
			{"E.m", "method", true, 3, 3, 3, 0, 0, ""},
		}},
		{"module-info", "module com.example {\n  requires java.base;\n}\n", nil},
		{"text block with quotes", "class A {\n  String s = \"\"\"\n    \\\"\"\" }\n    \"\"\";\n  void m() {}\n}\n", []want{
			{"A", "class", false, 1, 6, 1, 0, 0, ""},
			{"A.s", "field", false, 2, 4, 0, 0, 0, ""},
			{"A.m", "method", false, 5, 5, 5, 0, 0, ""},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds, err := Java{}.Decls("A.java", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			checkDecls(t, ds, c.wants)
			checkInvariants(t, []byte(c.src), ds)
		})
	}
}

func TestJavaPaths(t *testing.T) {
	checkPaths(t, Java{}, map[string]bool{
		"src/test/java/a/FooTest.java":      true,
		"src/test/java/a/Helper.java":       true,
		"src/integrationTest/java/a/X.java": true,
		"FooTests.java":                     true,
		"src/main/java/a/FooIT.java":        true,
		"src/main/java/a/Foo.java":          false,
		"src/main/java/a/Test.java":         false,
		"src/main/java/a/Contest.java":      false,
		"src/main/java/a/Latest.java":       false,
		"src/test/resources/a.json":         false,
		"test/java/a/Foo.java":              false,
		"src/main/java/a/TestUtils.java":    false,
	}, [][3]any{
		{"src/main/java/a/b/Foo.java", "src/test/java/a/b/FooTest.java", true},
		{"src/main/java/a/b/Foo.java", "src/test/java/a/b/FooTests.java", true},
		{"src/main/java/a/b/Foo.java", "src/test/java/a/b/FooIT.java", true},
		{"src/main/java/a/b/Foo.java", "src/test/java/a/b/TestFoo.java", true},
		{"src/main/java/a/b/Foo.java", "src/integrationTest/java/a/b/FooIT.java", true},
		{"svc/src/main/java/a/Foo.java", "svc/src/test/java/a/FooTest.java", true},
		{"src/a/Foo.java", "test/a/FooTest.java", true},
		{"src/a/Foo.java", "src/a/FooTest.java", true},
		{"src/main/java/a/b/Foo.java", "src/test/java/a/c/FooTest.java", false},
		{"src/main/java/a/b/Foo.java", "src/test/java/a/b/BarTest.java", false},
		{"src/main/java/a/b/Foo.java", "other/src/test/java/a/b/FooTest.java", false},
		{"src/main/java/a/b/Foo.java", "src/test/kotlin/a/b/FooTest.java", false},
		{"src/main/java/a/b/Foo.java", "src/test/java/a/b/FooTest.kt", false},
	})
}

func FuzzJavaDecls(f *testing.F) {
	fuzzDecls(f, Java{}, []string{"A.java"},
		"class A { void m( }", "\"\"\"", "@interface", "enum E { A(", "record R(", "class A { int a, }", "'")
}

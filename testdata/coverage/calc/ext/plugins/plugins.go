// Package plugins is a nested module whose path does not follow its
// directory: module example.com/calc/plugins lives in ext/plugins.
package plugins

// Names lists the plugins.
func Names() []string {
	return []string{"double", "negate"}
}

// Apply runs the named plugin on x.
func Apply(name string, x int) int {
	switch name {
	case "double":
		return 2 * x
	case "negate":
		return -x
	}
	return x
}

// Package tools is a nested module whose path is not under the root
// module's: example.com/calctools, in tools/.
package tools

import "fmt"

// Table renders a multiplication table of n rows.
func Table(n int) string {
	s := ""
	for i := 1; i <= n; i++ {
		s += fmt.Sprintln(i, 2*i)
	}
	return s
}

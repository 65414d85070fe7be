// Package calc is a tiny program whose coverage reports are the fixtures of
// hotfix's coverage parsers. Its tests leave some lines uncovered on purpose.
package calc

import (
	"errors"
	"strconv"
)

// ErrDivByZero is returned by Div for a zero divisor.
var ErrDivByZero = errors.New("division by zero")

// Add returns a + b.
func Add(a, b int) int {
	return a + b
}

// Div returns a / b.
func Div(a, b int) (int, error) {
	if b == 0 {
		return 0, ErrDivByZero
	}
	return a / b, nil
}

// Sign returns -1, 0 or 1.
func Sign(x int) int {
	if x < 0 {
		return -1
	} else if x == 0 {
		return 0
	}
	return 1
}

// Sum adds the numbers in a list of strings, skipping the ones that are
// not numbers.
func Sum(xs []string) int {
	total := 0
	for _, s := range xs {
		n, err := strconv.Atoi(s)
		if err != nil {
			continue
		}
		total += n
	}
	return total
}

// Unused is never called by the tests.
func Unused() string {
	s := "never"
	return s
}

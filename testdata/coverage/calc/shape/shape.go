// Package shape measures shapes.
package shape

// Rect is a rectangle.
type Rect struct{ W, H float64 }

// Area returns the area of r.
func (r Rect) Area() float64 { return r.W * r.H }

// Square reports whether r is a square.
func (r Rect) Square() bool {
	switch {
	case r.W == r.H:
		return true
	default:
		return false
	}
}

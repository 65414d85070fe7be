package iostreams

// ColorScheme paints text with ANSI colours when Enabled, and returns it
// unchanged otherwise, so callers never test for colour themselves.
type ColorScheme struct {
	// Enabled is whether the stream may carry colour.
	Enabled bool
}

func (c *ColorScheme) paint(code, s string) string {
	if c == nil || !c.Enabled || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Red marks failures and what is overdue.
func (c *ColorScheme) Red(s string) string { return c.paint("31", s) }

// Green marks success.
func (c *ColorScheme) Green(s string) string { return c.paint("32", s) }

// Yellow marks warnings, waivers and skipped checks.
func (c *ColorScheme) Yellow(s string) string { return c.paint("33", s) }

// Bold marks headings and verdicts.
func (c *ColorScheme) Bold(s string) string { return c.paint("1", s) }

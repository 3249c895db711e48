package ui

// NoDisplayError means there is no graphical display to show the window
// on; Why says what was looked for.
type NoDisplayError struct{ Why string }

func (e *NoDisplayError) Error() string {
	return "the window needs a graphical display, and " + e.Why + ". `casedesk help` lists the commands, which need no display."
}

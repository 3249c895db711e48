package desk

import (
	"fmt"
	"strings"
	"testing"

	"casedesk/app"
)

// Every desk card says the same plain words when the server is away or
// refuses the password, never the driver's.
func TestMessageWhenTheServerIsAway(t *testing.T) {
	for _, sentinel := range []error{app.ErrServerUnreachable, app.ErrServerSignIn} {
		msg := Message(fmt.Errorf("%w: read tcp 10.0.0.2:5432: connection reset by peer", sentinel))
		if !strings.Contains(msg, "database server") || !strings.Contains(msg, "nothing was saved") || strings.Contains(msg, "tcp") {
			t.Errorf("%v: %q", sentinel, msg)
		}
	}
}

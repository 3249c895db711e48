package cli

import (
	"context"
	"strings"
	"testing"
)

// A --db address with the server's password in it is refused before any
// store is opened, and the refusal does not repeat the password.
func TestServerAddressWithAPasswordIsRefused(t *testing.T) {
	env, st, out := newEnv(t)
	st.store = nil // any open fails the test through a nil store
	err := Run(context.Background(), env, []string{"settings", "list", "--db", "postgres://casedesk:s3cret-pw@db.clinic.lan/casedesk"})
	if err == nil || ExitCode(err) == 0 || !strings.Contains(err.Error(), "password") {
		t.Fatalf("refused with %v (exit %d)", err, ExitCode(err))
	}
	if strings.Contains(err.Error()+out.String(), "s3cret") {
		t.Errorf("the password was printed: %v %s", err, out.String())
	}
}

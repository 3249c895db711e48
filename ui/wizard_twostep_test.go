package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"fyne.io/fyne/v2/test"
)

// TestWizardBackupCodesOnlySaysSo: with backup codes only, the 2-step
// step, the last step and the printed sheet say that every sign-in takes
// one code; and Finish waits until the person says the codes are kept.
func TestWizardBackupCodesOnlySaysSo(t *testing.T) {
	r := newTestWizard(t)
	w := r.w
	r.toTwoStep(t, "jose.munoz")
	if text := labels(w.steps[3]); !strings.Contains(text, "when you cannot use the app") {
		t.Errorf("with the app, step 4 says:\n%s", text)
	}
	w.method.SetSelected(w.method.Options[1])
	step4 := labels(w.steps[3])
	if !strings.Contains(step4, "Every time you sign in") || strings.Contains(step4, "when you cannot use the app") {
		t.Errorf("backup codes only, step 4 says:\n%s", step4)
	}
	r.next()
	if w.step != 5 {
		t.Fatalf("not done: %q", w.message.Text)
	}
	step5 := labels(w.steps[4])
	if !strings.Contains(step5, "Every time you sign in") || strings.Contains(step5, "authenticator") {
		t.Errorf("backup codes only, step 5 says:\n%s", step5)
	}
	if !w.sheet.codes().NoAuthenticator {
		t.Error("the printed sheet would speak of an authenticator app")
	}
	assertFinishWaitsForKept(t, r)
}

// TestWizardWithAppSaysSo: with an authenticator app, the last step and
// the sheet say a backup code is for when the app cannot be used.
func TestWizardWithAppSaysSo(t *testing.T) {
	r := newTestWizard(t)
	w := r.w
	r.toTwoStep(t, "jose.munoz")
	code, _ := totp.GenerateCode(w.enrol.enrolment.Secret, time.Now())
	typeIn(w.enrol.code, code)
	r.next()
	if w.step != 5 {
		t.Fatalf("not done: %q", w.message.Text)
	}
	if step5 := labels(w.steps[4]); !strings.Contains(step5, "when you cannot use your authenticator app") || w.sheet.codes().NoAuthenticator {
		t.Errorf("with the app, step 5 says:\n%s", step5)
	}
	assertFinishWaitsForKept(t, r)
}

// assertFinishWaitsForKept: at the last step, Finish (tapped or by Enter)
// does nothing until the person ticks that the codes are printed or
// written down, printing the summary does not enable it, and the tick
// enables it.
func assertFinishWaitsForKept(t *testing.T, r *wizardRig) {
	t.Helper()
	w := r.w
	if w.kept.Checked || !w.next.Disabled() {
		t.Fatal("Finish is enabled before the codes are kept")
	}
	r.next()
	w.goNext()
	if r.done != 0 {
		t.Fatal("Finish left before the codes were kept")
	}
	w.printSummary()
	if !w.next.Disabled() {
		t.Fatal("printing the summary enabled Finish")
	}
	test.Tap(w.kept)
	if w.next.Disabled() {
		t.Fatal("the tick did not enable Finish")
	}
	r.next()
	if r.done != 1 {
		t.Fatal("Finish did not leave")
	}
}

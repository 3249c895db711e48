package notice

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/i18n"
)

// spanishSample is one document of every kind a Spanish-speaking person
// receives, each in Spanish, with what its text must contain: Spanish
// words, Spanish dates, and the official English status title beside the
// Spanish one.
func spanishSample() []struct {
	doc  Doc
	want []string
} {
	es := func(n app.Notice) Doc { return NoticeIn(n, "es") }
	receipt := stock(app.NoticeReceipt, "José Muñoz", "IOE0912345678", day(2026, 3, 9))
	appt := stock(app.NoticeAppointment, "José Muñoz", "MSC2290011122", day(2026, 4, 10))
	appt.Fields["notice_type"] = "Biometrics Appointment Was Scheduled"
	appt.Fields["appointment_kind"] = "biometrics"
	appt.Fields["appointment_at"] = "2026-05-04T09:30:00Z"
	appt.Fields["appointment_place"] = "USCIS Application Support Center\n8800 Harwin Dr, Houston, TX"
	interview := stock(app.NoticeAppointment, "José Muñoz", "NBC2290011123", day(2026, 7, 1))
	interview.Fields["notice_type"] = "Interview Was Scheduled"
	interview.Fields["appointment_kind"] = "interview"
	interview.Fields["appointment_at"] = "2026-08-12T14:00:00-05:00"
	interview.Fields["appointment_zone"] = "America/Chicago"
	interview.Fields["appointment_place"] = "USCIS Field Office\n101 W Congress Pkwy, Chicago, IL"
	oath := stock(app.NoticeAppointment, "José Muñoz", "NBC2290011124", day(2026, 9, 1))
	oath.Fields["appointment_kind"] = "oath"
	oath.Fields["appointment_at"] = "2026-10-05T10:00:00Z"
	rfe := stock(app.NoticeRFE, "José Muñoz", "IOE0912345678", day(2026, 6, 1))
	rfe.Fields["notice_type"] = "Request for Evidence Was Sent"
	rfe.DueDate = day(2026, 9, 28) // the longest month: the deadline still fits its box
	approval := stock(app.NoticeApproval, "José Muñoz", "WAC2190054321", day(2026, 9, 9))
	approval.Fields["notice_type"] = "Case Was Approved"
	approval.Fields["beneficiary"] = "María Muñoz"
	approval.Fields["form_type"], approval.Fields["form_title"] = "I-130", "Petition for Alien Relative"
	denial := stock(app.NoticeDenial, "José Muñoz", "EAC2190000001", day(2026, 10, 1))
	denial.Fields["notice_type"] = "Case Was Denied"
	transfer := stock(app.NoticeTransfer, "José Muñoz", "LIN2190000002", day(2026, 10, 2))
	transfer.Fields["notice_type"] = "Case Was Transferred And A New Office Has Jurisdiction"
	card := stock(app.NoticeCard, "José Muñoz", "SRC2190000003", day(2026, 10, 3))
	card.Fields["notice_type"] = "Card Was Mailed To Me"
	rejection := stock(app.NoticeRejection, "José Muñoz", "YSC2190000004", day(2026, 10, 4))
	rejection.Fields["notice_type"] = "Case Was Rejected Because I Did Not Sign My Form"
	access := app.Notice{ID: "n-access", PersonID: "p1", Kind: app.NoticeAccountAccess, NoticeDate: day(2026, 11, 23),
		Fields: map[string]string{"name": "José Muñoz", "address": "José Muñoz\n1 A St\nMiami FL 33101", "account_number": "123456789012", "expires": "2026-12-23"}}
	events := []app.CaseEvent{
		{StatusCode: "received", Date: day(2026, 3, 2)},
		{StatusCode: "fingerprint_fee_received", Date: day(2026, 3, 20)},
		{StatusCode: "evidence_requested", Date: day(2026, 6, 1), Note: "Examen médico (I-693)"},
		{StatusCode: "evidence_response_received", Date: day(2026, 9, 28)}, // the longest date: its column widens
	}
	var c app.Case
	c.Receipt, c.FormType, c.FormTitle, c.ReceivedDate, c.Office = "IOE0912345678", "I-485", "Application to Register Permanent Residence or Adjust Status", day(2026, 3, 2), "National Benefits Center"
	c.StatusCode, c.StatusDate = "evidence_requested", day(2026, 6, 1)
	codes := []string{"4821-9930", "1187-2045", "5532-0981", "7710-3342", "9054-6618", "2290-4471", "6148-0057", "3305-9712", "8876-1129", "0463-5580"}
	return []struct {
		doc  Doc
		want []string
	}{
		{es(receipt), []string{"Aviso de recibo", "IOE0912345678", "2 de marzo de 2026", "14 de noviembre de 2025", "9 de marzo de 2026",
			"Estado del caso: Se Recibió el Caso (Case Was Received)", "USCIS recibió su I-485 el 2 de marzo de 2026", "ESTE AVISO NO OTORGA NINGÚN ESTATUS NI BENEFICIO MIGRATORIO", "Página 1 de 1", "Solicitante / peticionario"}},
		{es(appt), []string{"Aviso de cita", "4 de mayo de 2026 a las 09:30", "una cita de datos biométricos", "Traiga con usted", "el aviso de la cita",
			"Se Programó la Cita de Datos Biométricos (Biometrics Appointment Was Scheduled)"}},
		{es(interview), []string{"12 de agosto de 2026 a las 14:00 CDT", "una entrevista", "el original de cada documento", "(Interview Was Scheduled)"}},
		{es(oath), []string{"una ceremonia de juramento", "5 de octubre de 2026 a las 10:00", "que deberá entregar"}},
		{es(rfe), []string{"Solicitud de evidencia", "Su respuesta debe llegar a USCIS a más tardar el 28 de septiembre de 2026", "1 de junio de 2026", "(Request for Evidence Was Sent)"}},
		{es(approval), []string{"Aviso de aprobación", "USCIS aprobó su I-130", "9 de septiembre de 2026", "Se Aprobó el Caso (Case Was Approved)", "María Muñoz"}},
		{es(denial), []string{"Aviso de decisión", "USCIS negó su I-485", "(Case Was Denied)", "1 de octubre de 2026"}},
		{es(transfer), []string{"Aviso de traslado", "USCIS trasladó su I-485", "Oficina que ahora tramita el caso: National Benefits Center", "(Case Was Transferred And A New Office Has Jurisdiction)"}},
		{es(card), []string{"Aviso de envío de tarjeta", "USCIS envió su tarjeta por correo", "(Card Was Mailed To Me)"}},
		{es(rejection), []string{"Aviso de rechazo", "USCIS rechazó su I-485", "Un rechazo no es una negación", "(Case Was Rejected Because I Did Not Sign My Form)"}},
		{es(access), []string{"Aviso de acceso a la cuenta", "Copia de registro de un aviso de CaseDesk", "1234 5678 9012", "23 de noviembre de 2026", "23 de diciembre de 2026", "Este es el registro de un Aviso de acceso a la cuenta"}},
		{AccessNotice{Name: "José Muñoz", Address: "José Muñoz\n1 A St\nMiami FL 33101", AccountNumber: "123456789012", Code: "7K3QM9TZ2WXA", Issued: day(2026, 11, 23), Expires: day(2026, 12, 23), Lang: "es"},
			[]string{"Aviso de acceso a la cuenta", "7K3Q-M9TZ-2WXA", "El código sirve una sola vez y vence el 23 de diciembre de 2026", "nunca le pedirá este código", "siempre son gratis", "Tengo un código de acceso", "Cómo configurar su cuenta"}},
		{AccessNotice{Name: "José Muñoz", AccountNumber: "123456789012", Code: "7K3QM9TZ2WXA", Issued: day(2026, 11, 23), Expires: day(2026, 12, 23), Reset: true, Lang: "es"},
			[]string{"Este código restablece su cuenta existente", "país de nacimiento"}},
		{BackupCodes{Name: "José Muñoz", AccountNumber: "123456789012", Codes: codes, Issued: day(2026, 11, 23), Lang: "es"},
			[]string{"Códigos de respaldo para la verificación en 2 pasos", "4821-9930", "0463-5580", "Emitida el 23 de noviembre de 2026", "aplicación de autenticación"}},
		{BackupCodes{Name: "José Muñoz", AccountNumber: "123456789012", Codes: codes, Issued: day(2026, 11, 23), NoAuthenticator: true, Lang: "es"},
			[]string{"Cada vez que inicie sesión"}},
		{AccountSummary{Name: "José Muñoz", Address: "José Muñoz\n5 Pine Rd\nBoise ID 83702", Username: "jose", AccountNumber: "123456789012", Cases: []app.Case{c}, Printed: day(2026, 11, 23), Lang: "es"},
			[]string{"Resumen de la cuenta", "Estado actual", "1 de junio de 2026", "Se Envió una Solicitud de Evidencia", "(Request for Evidence Was Sent)", "23 de noviembre de 2026"}},
		{AccountSummary{Name: "José Muñoz", Printed: day(2026, 11, 23), Lang: "es"},
			[]string{"Todavía no hay casos vinculados a esta cuenta"}},
		{CaseHistory{Case: c, Name: "José Muñoz", Address: "José Muñoz\n1 A St\nMiami FL 33101", Events: events, Printed: day(2026, 11, 23), Lang: "es"},
			[]string{"Historial del caso", "Todos los cambios de estado", "2 de marzo de 2026", "20 de marzo de 2026", "Se Recibió el Caso (Case Was Received)", "Se Recibió el Pago de Huellas Digitales (Fingerprint Fee Was Received)", "Examen médico (I-693)", "28 de septiembre de 2026", "(Response To USCIS' Request For Evidence Was Received)"}},
	}
}

// words reads a PDF's text back in reading order with every run of white
// space made one space, so a sentence wrapped over lines reads whole.
func words(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "n.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// englishLeft lists the English sentences and phrases of app/notice's
// messages found in text: pieces of two words or more between a
// message's fmt verbs, of every message Spanish words differently.
// USCIS's own status titles, which Spanish notices keep beside their
// Spanish, are taken out of text first.
func englishLeft(t *testing.T, text string) []string {
	t.Helper()
	for _, st := range app.Statuses() {
		text = strings.ReplaceAll(text, "("+st.Title+")", "")
	}
	es := i18n.In("es")
	var left []string
	for _, m := range noticeMessages(t) {
		if es.Text(m.key) == m.key {
			continue
		}
		for _, piece := range verbRE.Split(m.key, -1) {
			piece = strings.TrimSpace(piece)
			if strings.Count(piece, " ") >= 1 && len(piece) >= 10 && strings.Contains(text, piece) {
				left = append(left, piece)
			}
		}
	}
	for _, k := range []app.AppointmentKind{app.AppointmentBiometrics, app.AppointmentInterview, app.AppointmentOath} {
		for _, b := range app.WhatToBringIn(i18n.In("en"), k) {
			if strings.Contains(text, b) {
				left = append(left, b)
			}
		}
	}
	return left
}

func TestEverySpanishKindReadsBackInSpanish(t *testing.T) {
	for i, s := range spanishSample() {
		t.Run(s.doc.Title(), func(t *testing.T) {
			if got := s.doc.lang().Tag(); got != "es" {
				t.Fatalf("the document is in %q, not Spanish", got)
			}
			pdf := render(t, s.doc)
			text := words(t, pdf)
			for _, w := range append(s.want, "Copia de registro impresa con CaseDesk — no emitida por USCIS", "Riverside Legal Aid Clinic") {
				if !strings.Contains(text, w) {
					t.Errorf("%q missing from the PDF text:\n%s", w, text)
				}
			}
			fits(t, s.doc)
			if left := englishLeft(t, text); len(left) > 0 {
				t.Errorf("English left in the Spanish notice: %q\n%s", left, text)
			}
			if dir := os.Getenv("CASEDESK_PDFS"); dir != "" {
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("es-%02d-%s", i+1, FileName(s.doc))), pdf, 0o644)
			}
		})
	}
}

// One PDF of notices for people who read different languages prints each
// in its own: the Spanish one in Spanish, the English one in English, and
// each numbers its own pages in its language.
func TestMixedBatchPrintsEachInItsLanguage(t *testing.T) {
	es := stock(app.NoticeReceipt, "José Muñoz", "IOE0912345678", day(2026, 3, 9))
	en := stock(app.NoticeReceipt, "John Smith", "IOE0912345679", day(2026, 3, 9))
	docs := []Doc{NoticeIn(es, "es"), NoticeIn(en, "en"), NoticeIn(es, "es")}
	pages := strings.Split(strings.TrimRight(pdftotext(t, render(t, docs...)), "\f"), "\f")
	if len(pages) != 3 {
		t.Fatalf("want 3 pages, got %d", len(pages))
	}
	for i, want := range []string{"es", "en", "es"} {
		text := strings.Join(strings.Fields(pages[i]), " ")
		spanish := strings.Contains(text, "Página 1 de 1") && strings.Contains(text, "Aviso de recibo") && strings.Contains(text, "9 de marzo de 2026")
		english := strings.Contains(text, "Page 1 of 1") && strings.Contains(text, "Receipt Notice") && strings.Contains(text, "March 9, 2026")
		if (want == "es") != spanish || (want == "en") != english {
			t.Errorf("page %d should be in %s:\n%s", i+1, want, text)
		}
	}
	// The same documents still give the same bytes, whatever the screen shows.
	a := render(t, docs...)
	spanishScreen(t)
	if b := render(t, docs...); string(a) != string(b) {
		t.Error("the batch prints differently when the screen's language changes")
	}
}

// A Spanish notice is saved under its English title, the same name
// whoever saves it; the PDF's own title, which a viewer shows, is Spanish.
func TestSpanishNoticeFileNameAndTitle(t *testing.T) {
	d := NoticeIn(stock(app.NoticeRFE, "José Muñoz", "IOE0912345678", day(2026, 6, 1)), "es")
	if got, want := FileName(d), "Request-for-Evidence-IOE0912345678-2026-06-01.pdf"; got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
	if got, want := d.Title(), "Solicitud de evidencia IOE0912345678"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if got := pdfTitle(t, render(t, d)); got != "Solicitud de evidencia IOE0912345678" {
		t.Errorf("the PDF's title is %q, not the Spanish one", got)
	}
	// A batch is titled in its documents' language, or in English when
	// they are in several.
	en := NoticeIn(stock(app.NoticeRFE, "John Smith", "IOE0912345679", day(2026, 6, 1)), "en")
	if got := pdfTitle(t, render(t, d, d)); got != "2 documentos" {
		t.Errorf("two Spanish notices are titled %q", got)
	}
	if got := pdfTitle(t, render(t, d, en, d)); got != "3 documents" {
		t.Errorf("Spanish and English notices are titled %q", got)
	}
}

// pdfTitle is the title a PDF viewer shows for pdf.
func pdfTitle(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Fatal("pdfinfo (poppler-utils) is missing; make test installs it")
	}
	path := filepath.Join(t.TempDir(), "n.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(l, "Title:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// fits fails when a Spanish document's text was cut short to fit its place
// (an ellipsis the words did not have) or runs past the right margin:
// Spanish runs about a quarter longer than English.
func fits(t *testing.T, d Doc) {
	t.Helper()
	pages, err := Preview(context.Background(), letterhead, d)
	if err != nil {
		t.Fatal(err)
	}
	for i, pg := range pages {
		for _, m := range pg.Marks {
			if m.Kind != MarkText {
				continue
			}
			if strings.HasSuffix(m.Text, "…") {
				t.Errorf("page %d: %q is cut short", i+1, m.Text)
			}
			if m.X+m.W > pageW-marginX+0.5 {
				t.Errorf("page %d: %q runs %.1f points past the right margin", i+1, m.Text, m.X+m.W-(pageW-marginX))
			}
		}
	}
}

// A Spanish notice's preview is the Spanish PDF: the same pages, each
// numbered in Spanish, and the same words.
func TestSpanishPreviewShowsWhatThePDFPrints(t *testing.T) {
	for _, s := range spanishSample() {
		pages, err := Preview(context.Background(), letterhead, s.doc)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(pages), strings.Count(pdftotext(t, render(t, s.doc)), "\f"); got != want {
			t.Errorf("%s: the preview has %d pages, the PDF %d", s.doc.Title(), got, want)
		}
		var all strings.Builder
		for i, pg := range pages {
			text := joined(pg)
			if w := fmt.Sprintf("Página %d de %d", i+1, len(pages)); !strings.Contains(text, w) {
				t.Errorf("%s: page %d lacks %q", s.doc.Title(), i+1, w)
			}
			all.WriteString(text)
		}
		for _, w := range s.want {
			if !strings.Contains(all.String(), w) {
				t.Errorf("%s: %q missing from the preview:\n%s", s.doc.Title(), w, all.String())
			}
		}
	}
}

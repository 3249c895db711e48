package notice

import (
	"bytes"
	"strings"
	"testing"

	"casedesk/app"
)

func packetNotice(lang string) AccessNotice {
	return AccessNotice{Name: "José Muñoz", Address: "José Muñoz\n1200 Oak Ave\nApt 4\nSpringfield IL 62704", Code: "7K3QM9TZ2WXA",
		Issued: day(2026, 11, 27), Lang: lang,
		Packet: &PacketNote{Clinic: "Riverside Legal Aid Clinic", File: "casedesk-cases-munoz-2026-11-27.cdpacket", Made: day(2026, 11, 27)}}
}

// A case packet's Account Access Notice says which clinic, which file and
// which day, prints the code, and tells in plain words how to open it at
// home; it has no expiry and no account number (the code opens one file,
// not an account), on one page, and the same notice is the same bytes.
func TestPacketNoticeReadsBack(t *testing.T) {
	n := packetNotice("en")
	pdf := render(t, n)
	text := words(t, pdf)
	for _, w := range []string{"Account Access Notice", "José Muñoz", "Riverside Legal Aid Clinic", "7K3Q-M9TZ-2WXA",
		"casedesk-cases-munoz-2026-11-27.cdpacket, made on November 27, 2026", "This code opens only the case packet file",
		"the clinic does not keep it", "Install CaseDesk", "“This is my own computer”",
		"“I have an access code and a case packet from my clinic”", "Pick the case packet file", "newer packet"} {
		if !strings.Contains(text, w) {
			t.Errorf("%q missing:\n%s", w, text)
		}
	}
	for _, w := range []string{"expires", "Online account number", "works once"} {
		if strings.Contains(text, w) {
			t.Errorf("a packet's notice says %q", w)
		}
	}
	if pages := strings.Count(pdftotext(t, pdf), "\f"); pages != 1 {
		t.Errorf("%d pages", pages)
	}
	if !bytes.Equal(pdf, render(t, packetNotice("en"))) {
		t.Error("the same notice gave different bytes")
	}
	other := packetNotice("en")
	other.Code = app.AccessCode("ABCDEFGHJKMN")
	if bytes.Equal(pdf, render(t, other)) {
		t.Error("another code gave the same bytes")
	}
}

// In Spanish it is all Spanish, fits its places, and stays one page.
func TestPacketNoticeInSpanish(t *testing.T) {
	n := packetNotice("es")
	// A long name on four lines and the longest file name the desk offers.
	n.Name, n.Address = "María Guadalupe Hernández-Castellanos", "María Guadalupe Hernández-Castellanos\n12345 Northwest Evergreen Boulevard\nApartment 1234\nSpringfield IL 62704"
	n.Packet.File = "casedesk-cases-hernandez-castellanos-de-la-2026-11-27.cdpacket"
	pdf := render(t, n)
	text := words(t, pdf)
	for _, w := range []string{"Aviso de acceso a la cuenta", "7K3Q-M9TZ-2WXA", "casedesk-cases-hernandez-castellanos-de-la-2026-11-27.cdpacket, hecho el 27 de noviembre de 2026",
		"“Esta es mi propia computadora”", "Cómo llevar sus casos a casa", "Clínica"} {
		if !strings.Contains(text, w) {
			t.Errorf("%q missing:\n%s", w, text)
		}
	}
	if left := englishLeft(t, text); len(left) > 0 {
		t.Errorf("English left: %q", left)
	}
	fits(t, n)
	if testing.Verbose() {
		t.Log(pdftotext(t, pdf))
	}
	if pages := strings.Count(pdftotext(t, pdf), "\f"); pages != 1 {
		t.Errorf("%d pages", pages)
	}
}

// The store's record of a packet's notice names the file and the day and
// says the code was never kept; it has no account number or expiry boxes.
func TestPacketNoticeRecord(t *testing.T) {
	n := app.Notice{ID: "n1", PersonID: "p1", Kind: app.NoticeAccountAccess, NoticeDate: day(2026, 11, 27), Fields: map[string]string{
		"name": "José Muñoz", "address": "José Muñoz\n1200 Oak Ave\nSpringfield IL 62704",
		"packet": "casedesk-cases-munoz-2026-11-27.cdpacket", "packet_id": "0199"}}
	text := words(t, render(t, NoticeIn(n, "en")))
	for _, w := range []string{"Record copy of a CaseDesk notice", "casedesk-cases-munoz-2026-11-27.cdpacket", "November 27, 2026",
		"never keeps the access code", "ask the clinic for a new packet"} {
		if !strings.Contains(text, w) {
			t.Errorf("%q missing:\n%s", w, text)
		}
	}
	for _, w := range []string{"Code valid through", "Online account number"} {
		if strings.Contains(text, w) {
			t.Errorf("the record says %q", w)
		}
	}
	es := NoticeIn(n, "es")
	text = words(t, render(t, es))
	if !strings.Contains(text, "Archivo del paquete de casos") || !strings.Contains(text, "nunca guarda el código") {
		t.Errorf("Spanish record:\n%s", text)
	}
	if left := englishLeft(t, text); len(left) > 0 {
		t.Errorf("English left: %q", left)
	}
	fits(t, es)
}

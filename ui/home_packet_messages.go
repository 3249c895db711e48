package ui

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app/auth"
	"casedesk/app/home"
	"casedesk/app/i18n"
	"casedesk/app/packet"
	"casedesk/app/portal"
)

// localDay shows when something happened as a date in this computer's zone.
func localDay(t time.Time) string { return i18n.Current().Date(t.Local()) }

// packetMessage explains a packet error to the person at the screen: what
// is wrong, and what to do. It branches on the errors' types, never on
// their text.
func packetMessage(err error) string {
	var other *home.OtherClinicError
	var older *home.OlderError
	var wrong *home.WrongCodeError
	var own *home.OwnRecordsError
	switch {
	case errors.Is(err, packet.ErrNotPacket):
		return i18n.T("This file is not a CaseDesk case packet. Choose the file ending in .cdpacket that the clinic gave you.")
	case errors.Is(err, packet.ErrAltered):
		return i18n.T("This case packet was changed after the clinic signed it, so CaseDesk will not use it. Ask the clinic for a new packet.")
	case errors.Is(err, packet.ErrNewerFormat):
		return i18n.T("This case packet is from a newer CaseDesk. Update CaseDesk on this computer, then open the packet again.")
	case errors.As(err, &other):
		return i18n.T("This packet was not made by %s, the clinic whose packets this computer takes, so nothing was changed. Use a packet %s gave you.", other.Pinned, other.Pinned)
	case errors.As(err, &older):
		return i18n.T("This packet is older than the one already applied on %s, or is that same packet, so nothing was changed. Use the newest packet the clinic gave you.", localDay(older.Applied))
	case errors.Is(err, home.ErrOtherPerson):
		return i18n.T("This packet holds another person's cases, so nothing was changed. Use the packet the clinic made for you.")
	case errors.As(err, &wrong):
		msg := i18n.T("The access code does not open this packet. Check the code on the Account Access Notice that came with it.")
		if wrong.Left <= auth.WarnCodeTriesLeft {
			msg += " " + i18n.N(wrong.Left, "%d try left before this packet stops opening; then ask the clinic for a new one.",
				"%d tries left before this packet stops opening; then ask the clinic for a new one.")
		}
		return msg
	case errors.Is(err, auth.ErrCodeLocked):
		return i18n.T("This packet is locked after too many tries of its code. Ask the clinic for a new packet; it is free.")
	case errors.Is(err, home.ErrSetUpAlready):
		return i18n.T("CaseDesk is already set up on this computer. Sign in, then add the packet from your home screen.")
	case errors.As(err, &own):
		return i18n.T("This packet would change records you entered on this computer yourself, so nothing was changed. Ask the clinic for a new packet.")
	case errors.Is(err, home.ErrNotOwner):
		return i18n.T("This is only for the owner of a household's own CaseDesk.")
	case errors.Is(err, home.ErrNotHousehold):
		return i18n.T("Case packets are added on a household's own computer only.")
	case errors.Is(err, portal.ErrSignedOut):
		return i18n.T("You were signed out. Sign in again, then add the packet.")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return i18n.T("CaseDesk could not read the file %s. Check that it is there and that you may open it, or ask the clinic for the packet again.", filepath.Base(pe.Path))
	}
	msg := auth.CodeMessage(err)
	if left := auth.TriesLeftMessage(err); left != "" {
		msg += " " + left
	}
	return msg
}

// appliedSummary says what a packet changed, in a line: "2 cases updated,
// 3 new notices".
func appliedSummary(a home.Applied) string {
	var parts []string
	if a.NewCases > 0 {
		parts = append(parts, i18n.N(a.NewCases, "%d new case", "%d new cases"))
	}
	if a.UpdatedCases > 0 {
		parts = append(parts, i18n.N(a.UpdatedCases, "%d case updated", "%d cases updated"))
	}
	if a.NewEvents > 0 {
		parts = append(parts, i18n.N(a.NewEvents, "%d new status change", "%d new status changes"))
	}
	if a.NewNotices > 0 {
		parts = append(parts, i18n.N(a.NewNotices, "%d new notice", "%d new notices"))
	}
	if a.Appointments > 0 {
		parts = append(parts, i18n.N(a.Appointments, "%d appointment added or changed", "%d appointments added or changed"))
	}
	if len(parts) == 0 {
		return i18n.T("Nothing had changed since the last packet.")
	}
	s := strings.Join(parts, ", ") + "."
	if len(a.TakenOver) > 0 {
		rs := make([]string, len(a.TakenOver))
		for i, r := range a.TakenOver {
			rs[i] = string(r)
		}
		s += " " + i18n.N(len(a.TakenOver), "The clinic's record now keeps %[1]d case you entered yourself (%[2]s); its letters stay attached.",
			"The clinic's record now keeps the %[1]d cases you entered yourself (%[2]s); their letters stay attached.", len(a.TakenOver), strings.Join(rs, ", "))
	}
	return s
}

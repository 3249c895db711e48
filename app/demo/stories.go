package demo

import "casedesk/app"

// step is one status change in a case's story: the status, how many days
// after the previous step it comes, and what it sends.
type step struct {
	status  string
	minDays int
	maxDays int
	notice  app.NoticeKind      // "" when the status mails nothing
	appoint app.AppointmentKind // "" when the status schedules nothing
	branch  float64             // the chance the step happens at all (0 = always)
}

// stories are the status sequences cases really follow, per form. A branch
// step happens only with its chance; "approved" may be replaced by a denial.
var stories = map[string][]step{
	"I-485": {
		{status: "received", notice: app.NoticeReceipt},
		{status: "processing", minDays: 3, maxDays: 20},
		{status: "correspondence_received", minDays: 5, maxDays: 60, branch: 0.3},
		{status: "biometrics_scheduled", minDays: 14, maxDays: 40, notice: app.NoticeAppointment, appoint: app.AppointmentBiometrics},
		{status: "fingerprints_taken", minDays: 20, maxDays: 45},
		{status: "actively_reviewed", minDays: 60, maxDays: 200},
		{status: "evidence_requested", minDays: 10, maxDays: 60, notice: app.NoticeRFE, branch: 0.35},
		{status: "evidence_response_received", minDays: 30, maxDays: 80, branch: -1},
		{status: "ready_for_interview", minDays: 30, maxDays: 120},
		{status: "interview_scheduled", minDays: 20, maxDays: 90, notice: app.NoticeAppointment, appoint: app.AppointmentInterview},
		{status: "actively_reviewed", minDays: 30, maxDays: 60},
		{status: "approved", minDays: 1, maxDays: 30, notice: app.NoticeApproval},
		{status: "card_being_produced", minDays: 1, maxDays: 10},
		{status: "card_mailed", minDays: 5, maxDays: 20},
		{status: "card_picked_up_usps", minDays: 1, maxDays: 3},
		{status: "card_delivered", minDays: 1, maxDays: 6},
	},
	"I-765": {
		{status: "received", notice: app.NoticeReceipt},
		{status: "processing", minDays: 3, maxDays: 20},
		{status: "correspondence_received", minDays: 5, maxDays: 60, branch: 0.3},
		{status: "biometrics_scheduled", minDays: 14, maxDays: 40, notice: app.NoticeAppointment, appoint: app.AppointmentBiometrics},
		{status: "fingerprints_taken", minDays: 20, maxDays: 45},
		{status: "actively_reviewed", minDays: 30, maxDays: 120},
		{status: "evidence_requested", minDays: 10, maxDays: 40, notice: app.NoticeRFE, branch: 0.2},
		{status: "evidence_response_received", minDays: 30, maxDays: 80, branch: -1},
		{status: "actively_reviewed", minDays: 10, maxDays: 40},
		{status: "approved", minDays: 10, maxDays: 60, notice: app.NoticeApproval},
		{status: "card_being_produced", minDays: 1, maxDays: 7},
		{status: "card_mailed", minDays: 5, maxDays: 15},
		{status: "card_picked_up_usps", minDays: 1, maxDays: 3},
		{status: "card_delivered", minDays: 1, maxDays: 6},
	},
	"I-131": {
		{status: "received", notice: app.NoticeReceipt},
		{status: "processing", minDays: 3, maxDays: 20},
		{status: "correspondence_received", minDays: 5, maxDays: 60, branch: 0.3},
		{status: "biometrics_scheduled", minDays: 14, maxDays: 40, notice: app.NoticeAppointment, appoint: app.AppointmentBiometrics},
		{status: "fingerprints_taken", minDays: 20, maxDays: 45},
		{status: "actively_reviewed", minDays: 60, maxDays: 200},
		{status: "actively_reviewed", minDays: 10, maxDays: 40},
		{status: "approved", minDays: 10, maxDays: 90, notice: app.NoticeApproval},
		{status: "advance_parole_produced", minDays: 3, maxDays: 14},
		{status: "travel_document_mailed", minDays: 3, maxDays: 10},
	},
	"I-130": {
		{status: "received", notice: app.NoticeReceipt},
		{status: "processing", minDays: 3, maxDays: 20},
		{status: "correspondence_received", minDays: 5, maxDays: 60, branch: 0.3},
		{status: "transferred_other_office", minDays: 30, maxDays: 200, notice: app.NoticeTransfer, branch: 0.2},
		{status: "actively_reviewed", minDays: 120, maxDays: 400},
		{status: "evidence_requested", minDays: 10, maxDays: 60, notice: app.NoticeRFE, branch: 0.3},
		{status: "evidence_response_received", minDays: 30, maxDays: 80, branch: -1},
		{status: "actively_reviewed", minDays: 30, maxDays: 120},
		{status: "approved", minDays: 30, maxDays: 200, notice: app.NoticeApproval},
		{status: "sent_to_dos", minDays: 10, maxDays: 60},
	},
	"N-400": {
		{status: "received", notice: app.NoticeReceipt},
		{status: "processing", minDays: 3, maxDays: 20},
		{status: "correspondence_received", minDays: 5, maxDays: 60, branch: 0.3},
		{status: "biometrics_scheduled", minDays: 14, maxDays: 40, notice: app.NoticeAppointment, appoint: app.AppointmentBiometrics},
		{status: "fingerprints_taken", minDays: 20, maxDays: 45},
		{status: "ready_for_interview", minDays: 60, maxDays: 180},
		{status: "interview_scheduled", minDays: 20, maxDays: 90, notice: app.NoticeAppointment, appoint: app.AppointmentInterview},
		{status: "actively_reviewed", minDays: 1, maxDays: 14},
		{status: "approved", minDays: 1, maxDays: 30, notice: app.NoticeApproval, appoint: app.AppointmentOath},
	},
	"I-90": {
		{status: "received", notice: app.NoticeReceipt},
		{status: "processing", minDays: 3, maxDays: 20},
		{status: "correspondence_received", minDays: 5, maxDays: 60, branch: 0.3},
		{status: "biometrics_scheduled", minDays: 14, maxDays: 40, notice: app.NoticeAppointment, appoint: app.AppointmentBiometrics},
		{status: "fingerprints_taken", minDays: 20, maxDays: 45},
		{status: "actively_reviewed", minDays: 60, maxDays: 240},
		// USCIS really does show the card in production before the approval.
		{status: "card_being_produced", minDays: 10, maxDays: 60},
		{status: "approved", minDays: 0, maxDays: 2, notice: app.NoticeApproval},
		{status: "card_mailed", minDays: 5, maxDays: 15},
		{status: "card_delivered", minDays: 2, maxDays: 8},
	},
	"I-751": {
		{status: "received", notice: app.NoticeReceipt},
		{status: "processing", minDays: 3, maxDays: 20},
		{status: "correspondence_received", minDays: 5, maxDays: 60, branch: 0.3},
		{status: "biometrics_scheduled", minDays: 14, maxDays: 40, notice: app.NoticeAppointment, appoint: app.AppointmentBiometrics},
		{status: "fingerprints_taken", minDays: 20, maxDays: 45},
		{status: "actively_reviewed", minDays: 180, maxDays: 500},
		{status: "transferred_interview", minDays: 10, maxDays: 90, notice: app.NoticeTransfer, branch: 0.25},
		{status: "interview_scheduled", minDays: 20, maxDays: 90, notice: app.NoticeAppointment, appoint: app.AppointmentInterview, branch: -1},
		{status: "actively_reviewed", minDays: 10, maxDays: 60},
		{status: "approved", minDays: 10, maxDays: 120, notice: app.NoticeApproval},
		{status: "card_being_produced", minDays: 1, maxDays: 10},
		{status: "card_mailed", minDays: 5, maxDays: 15},
		{status: "card_delivered", minDays: 2, maxDays: 8},
	},
	"I-821D": {
		{status: "received", notice: app.NoticeReceipt},
		{status: "processing", minDays: 3, maxDays: 20},
		{status: "correspondence_received", minDays: 5, maxDays: 60, branch: 0.3},
		{status: "biometrics_scheduled", minDays: 14, maxDays: 40, notice: app.NoticeAppointment, appoint: app.AppointmentBiometrics},
		{status: "fingerprints_taken", minDays: 20, maxDays: 45},
		{status: "actively_reviewed", minDays: 30, maxDays: 120},
		{status: "actively_reviewed", minDays: 10, maxDays: 40},
		{status: "approved", minDays: 10, maxDays: 90, notice: app.NoticeApproval},
		{status: "card_being_produced", minDays: 1, maxDays: 10},
		{status: "card_mailed", minDays: 5, maxDays: 15},
		{status: "card_delivered", minDays: 2, maxDays: 8},
	},
}

// rejection is the short story of a filing returned at the door.
var rejections = []string{"rejected_not_signed", "rejected_incorrect_fee", "rejected_form_version", "rejected_payment_not_signed"}

// receiptPrefixes are the offices that take each form.
var receiptPrefixes = map[string][]string{
	"I-485":  {"MSC", "NBC", "IOE", "LIN"},
	"I-765":  {"IOE", "MSC", "EAC", "WAC", "SRC"},
	"I-131":  {"IOE", "MSC", "NBC"},
	"I-130":  {"IOE", "EAC", "WAC", "LIN", "SRC", "MSC"},
	"N-400":  {"IOE", "NBC"},
	"I-90":   {"IOE", "MSC"},
	"I-751":  {"IOE", "EAC", "WAC", "LIN", "SRC"},
	"I-821D": {"IOE", "EAC", "WAC", "LIN", "SRC", "NBC"},
}

// formWeights shape which forms people have: adjustment packages are the most common.
var formWeights = []struct {
	form   string
	weight int
}{
	{"I-485", 24}, {"I-765", 24}, {"I-130", 14}, {"I-131", 10}, {"N-400", 12}, {"I-90", 7}, {"I-751", 5}, {"I-821D", 4},
}

package household

import (
	"context"
	"io"

	"casedesk/app"
	"casedesk/app/notice"
	"casedesk/app/portal"
)

// Cover is the response cover sheet of a case's request for evidence:
// the case's person (the one it is for), the receipt number, the due date
// and the checklist, in the owner's language.
func (s *Service) Cover(ctx context.Context, sess *portal.Session, caseID string) (notice.ResponseCover, error) {
	o, c, err := s.rfeCase(ctx, sess, caseID)
	if err != nil {
		return notice.ResponseCover{}, err
	}
	r, err := s.store.RFE(ctx, c.ID)
	if err != nil {
		return notice.ResponseCover{}, err
	}
	owner, err := s.store.Person(ctx, o.personID)
	if err != nil {
		return notice.ResponseCover{}, err
	}
	who := owner
	if id := caseSubject(c); id != "" && id != owner.ID {
		if who, err = s.member(ctx, o, id); err != nil {
			who = owner
		}
	}
	cv := notice.ResponseCover{Name: who.FullName(), Address: addressLines(owner.Address), Receipt: c.Receipt,
		FormType: c.FormType, ANumber: who.ANumber, Due: r.Due, Printed: s.today(), Lang: owner.Language}
	for _, it := range r.Items {
		cv.Items = append(cv.Items, notice.CoverItem{Text: it.Text, Ready: it.Done})
	}
	return cv, nil
}

// WriteCover writes the cover sheet as a PDF to w.
func (s *Service) WriteCover(ctx context.Context, sess *portal.Session, caseID string, w io.Writer) (notice.ResponseCover, error) {
	cv, err := s.Cover(ctx, sess, caseID)
	if err != nil {
		return cv, err
	}
	return cv, notice.Write(ctx, w, notice.CoverLetterhead(cv), []notice.Doc{cv}, nil)
}

// caseSubject is the person a case is about: the beneficiary of a
// petition the household follows for them, else its applicant.
func caseSubject(c app.Case) string {
	if c.BeneficiaryID != "" {
		return c.BeneficiaryID
	}
	return c.ApplicantID
}

// addressLines is a mailing address as printed, one line a line.
func addressLines(a app.Address) []string {
	var out []string
	for _, l := range []string{a.Line1, a.Line2} {
		if l != "" {
			out = append(out, l)
		}
	}
	if a.City != "" || a.State != "" || a.ZIP != "" {
		out = append(out, a.City+", "+a.State+" "+string(a.ZIP))
	}
	return out
}

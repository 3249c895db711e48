package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"strings"
	"time"

	"github.com/boombuler/barcode"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"casedesk/app"
)

// TOTP parameters: RFC 6238 with the defaults every authenticator app knows.
const (
	totpPeriod = 30
	totpDigits = otp.DigitsSix
	totpSkew   = 1 // one step of drift either side
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Skew: 0, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1}

// Enrolment is a new authenticator secret, shown once as a QR code and as
// text, kept only after the person confirms it with a code.
type Enrolment struct {
	Secret string // base32, as the person may type it
	URL    string // otpauth:// URL the QR code carries
}

// NewEnrolment makes an authenticator secret for the account named label.
func NewEnrolment(label string) (Enrolment, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: "CaseDesk", AccountName: label, Period: totpPeriod,
		Digits: totpDigits, Algorithm: otp.AlgorithmSHA1, SecretSize: 20, Rand: rand.Reader})
	if err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: k.Secret(), URL: k.URL()}, nil
}

// GroupedSecret shows the secret in groups of four for typing.
func (e Enrolment) GroupedSecret() string {
	var b strings.Builder
	for i, r := range e.Secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// QR renders the enrolment URL as a PNG QR code of about size pixels with a
// quiet zone of four modules, which phone cameras need to find it.
func (e Enrolment) QR(size int) ([]byte, error) { return qrPNG(e.URL, size) }

// qrPicture draws a QR code about size pixels square, black on white, with
// the quiet zone of four modules a camera needs to find it.
func qrPicture(code barcode.Barcode, size int) (image.Image, error) {
	modules := code.Bounds().Dx()
	scale := max(size/(modules+8), 1)
	scaled, err := barcode.Scale(code, modules*scale, modules*scale)
	if err != nil {
		return nil, err
	}
	quiet := 4 * scale
	img := image.NewGray(image.Rect(0, 0, modules*scale+2*quiet, modules*scale+2*quiet))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.White}, image.Point{}, draw.Src)
	draw.Draw(img, scaled.Bounds().Add(image.Pt(quiet, quiet)), scaled, image.Point{}, draw.Src)
	return img, nil
}

// ErrCodeReplayed means an authenticator code was already used.
var ErrCodeReplayed = errors.New("authenticator code already used")

// CheckTOTP checks a typed six-digit code against secret at time now,
// allowing one step of drift either side, and refuses a code from a step at
// or before lastStep (each code works once). It returns the step to store
// as the new lastStep.
func CheckTOTP(secret, typed string, now time.Time, lastStep int64) (int64, error) {
	code := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, typed)
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return 0, app.Invalid(app.FieldCode, "has to be the 6 digits your authenticator app shows now")
	}
	current := now.Unix() / totpPeriod
	for step := current - totpSkew; step <= current+totpSkew; step++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err != nil {
			return 0, err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			if step <= lastStep {
				return 0, ErrCodeReplayed
			}
			return step, nil
		}
	}
	return 0, ErrWrongCode
}

// ErrWrongCode means a code did not match.
var ErrWrongCode = errors.New("wrong code")

// Backup codes: 10 single-use codes of 10 Crockford Base32 characters (50
// random bits each), shown XXXXX-XXXXX, stored only as keyed hashes.
const (
	BackupCodeCount = 10
	backupPurpose   = "backup code"
)

// NewBackupCodes draws a fresh sheet of backup codes.
func NewBackupCodes() ([]string, error) {
	codes := make([]string, BackupCodeCount)
	for i := range codes {
		c, err := app.NewAccessCode(nil) // 12 characters; a backup code uses 10
		if err != nil {
			return nil, err
		}
		codes[i] = string(c[:5]) + "-" + string(c[5:10])
	}
	return codes, nil
}

// NormalBackupCode reads a typed backup code the way access codes are read
// (case, spaces and dashes ignored; O→0, I/L→1); "" when it cannot be one.
func NormalBackupCode(typed string) string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	var b strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch r {
		case ' ', '-', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if !strings.ContainsRune(alphabet, r) {
			return ""
		}
		b.WriteRune(r)
	}
	if b.Len() != 10 {
		return ""
	}
	return b.String()
}

// BackupHash is the stored form of a backup code.
func (k *Keys) BackupHash(code string) string {
	return k.MAC(backupPurpose, NormalBackupCode(code))
}

// totpCode is the code an authenticator shows for secret at time at.
func totpCode(secret string, at time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, at, totpOpts)
}

package auth

import (
	"bytes"
	"image/png"

	"github.com/boombuler/barcode/qr"
)

// EventQR draws text (an appointment's calendar event, at a kiosk, where
// no file may be left for the visitor to take) as a PNG QR code of about
// size pixels with the quiet zone a phone camera needs. Error correction is
// medium (M): it is read off a screen, not a creased sheet.
func EventQR(text string, size int) ([]byte, error) { return qrPNG(text, size) }

// qrPNG draws text as a PNG QR code of about size pixels, error correction
// medium, with the quiet zone a camera needs.
func qrPNG(text string, size int) ([]byte, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return nil, err
	}
	img, err := qrPicture(code, size)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

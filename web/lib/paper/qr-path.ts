/**
 * A QR code as one SVG path, drawn synchronously from the `qrcode` package's module matrix: the
 * print dialog may open the moment the page is drawn, so nothing may still be on its way.
 * Generated here, in the browser, from our own bundle: no QR service, no internet.
 */
import QRCode from 'qrcode'

export interface QrShape {
  /** Modules per side, quiet zone included. */
  size: number
  /** One `M x y h1 v1 h-1 z` square per dark module. */
  path: string
}

/** The QR code of `text`, with a quiet zone of `margin` modules on each side. */
export function qrShape(text: string, margin = 2): QrShape {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = modules.size
  let path = ''
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (modules.data[row * n + col]) path += `M${col + margin} ${row + margin}h1v1h-1z`
    }
  }
  return { size: n + 2 * margin, path }
}

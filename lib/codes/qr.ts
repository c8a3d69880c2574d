import QRCode from "qrcode";

/** Pixel widths: `screen` for a phone or console preview, `print` for posters (about 10 cm at 300 dpi). */
export const QR_SIZES = { screen: 320, print: 1200 } as const;
export type QrSize = keyof typeof QR_SIZES;
export type QrFormat = "svg" | "png";

export function isQrSize(v: unknown): v is QrSize {
  return typeof v === "string" && Object.hasOwn(QR_SIZES, v);
}

// Level M survives a scuffed counter card or a phone screen with glare; a quiet zone of 2 modules
// is enough on the white cards and screens these are shown on.
const OPTIONS = { errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } } as const;

/** The QR code of `text` (a claim link or a code) as an SVG document `size` pixels wide. */
export async function qrSvg(text: string, size: number = QR_SIZES.screen): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: "svg", width: size });
}

/** The QR code of `text` as a PNG `size` pixels wide. */
export async function qrPng(text: string, size: number = QR_SIZES.screen): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: "png", width: size });
}

/** A download name for a QR image: `qr-<slug>-<size>.<format>`, ASCII only. */
export function qrFilename(slug: string, size: QrSize, format: QrFormat): string {
  return `qr-${slug.replace(/[^a-z0-9-]/gi, "")}-${size}.${format}`;
}

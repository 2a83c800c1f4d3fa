//! The join address as a QR code, for the projector to draw: rows of dark (true) and light
//! modules, with no quiet zone (the drawer leaves [`QUIET_ZONE`] light modules all round).

use qrcode::{Color, EcLevel, QrCode};
use thiserror::Error;

/// Light modules to leave on every side of the code, as the QR standard asks.
pub const QUIET_ZONE: usize = 4;

/// The text would not fit in a QR code.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("the address does not fit in a QR code: {0}")]
pub struct QrError(String);

/// The modules of a QR code of `text`, row by row (`true` is dark). Medium error correction:
/// it still reads from the back of a room with a little glare on the screen.
pub fn modules(text: &str) -> Result<Vec<Vec<bool>>, QrError> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M)
        .map_err(|e| QrError(e.to_string()))?;
    let width = code.width();
    let colors = code.into_colors();
    Ok(colors
        .chunks(width)
        .map(|row| row.iter().map(|c| *c == Color::Dark).collect())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_address_reads_back_from_its_code() {
        let url = "http://192.168.100.200:65535/?code=K7QX2M";
        let rows = modules(url).unwrap();
        let n = rows.len();
        assert!(rows.iter().all(|r| r.len() == n), "square");
        assert_eq!(
            (n - 17) % 4,
            0,
            "a QR code is 17 + 4 x version modules wide"
        );
        assert!(
            n <= 33,
            "version 4 or less: large modules on the projector ({n} wide)"
        );
        // Draw it as the app would, 4 pixels a module inside the quiet zone, and read it.
        let scale = 4;
        let side = (n + 2 * QUIET_ZONE) * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let dark = mx >= QUIET_ZONE
                && my >= QUIET_ZONE
                && rows
                    .get(my - QUIET_ZONE)
                    .and_then(|r| r.get(mx - QUIET_ZONE))
                    .copied()
                    .unwrap_or(false);
            if dark { 0 } else { 255 }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, url);
    }
}

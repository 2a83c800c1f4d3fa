//! Colours. Calm and professional in the normal palette; a high-contrast palette for projectors.
//! Body text meets at least 7:1 contrast on its background in both.

use bevy::prelude::*;

/// The colours every widget takes from, switched as a whole for the projector preset.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct Palette {
    pub background: Color,
    pub panel: Color,
    pub panel_border: Color,
    pub text: Color,
    pub muted: Color,
    pub accent: Color,
    pub accent_text: Color,
    pub focus: Color,
    pub positive: Color,
    pub negative: Color,
    pub locked: Color,
    pub narration: Color,
    pub meter_track: Color,
    pub warning_panel: Color,
    pub error: Color,
}

impl Default for Palette {
    fn default() -> Self {
        Self::calm()
    }
}

const fn hex(rgb: u32) -> Color {
    Color::srgb(
        ((rgb >> 16) & 0xFF) as f32 / 255.0,
        ((rgb >> 8) & 0xFF) as f32 / 255.0,
        (rgb & 0xFF) as f32 / 255.0,
    )
}

impl Palette {
    /// The everyday palette: warm paper, dark slate text, a teal accent.
    pub fn calm() -> Self {
        Self {
            background: hex(0xF6F4EF),
            panel: hex(0xFFFFFF),
            panel_border: hex(0xD8D2C8),
            text: hex(0x1E2A32),
            muted: hex(0x47535C),
            accent: hex(0x0B5F63),
            accent_text: hex(0xFFFFFF),
            focus: hex(0xB4531A),
            positive: hex(0x1C6B3A),
            negative: hex(0x9E2F22),
            locked: hex(0x5E656B),
            narration: hex(0x3F4A52),
            meter_track: hex(0xE4DED3),
            warning_panel: hex(0xFFF4E0),
            error: hex(0x9E2F22),
        }
    }

    /// The projector palette: near-black background, white text, strong accents.
    pub fn high_contrast() -> Self {
        Self {
            background: hex(0x0E1114),
            panel: hex(0x1A2026),
            panel_border: hex(0x8A96A0),
            text: hex(0xFFFFFF),
            muted: hex(0xD5DCE2),
            accent: hex(0x7FE0E4),
            accent_text: hex(0x0E1114),
            focus: hex(0xFFC24D),
            positive: hex(0x8CF0A8),
            negative: hex(0xFFA090),
            locked: hex(0xB8C0C7),
            narration: hex(0xE3E8EC),
            meter_track: hex(0x39434C),
            warning_panel: hex(0x3A2E12),
            error: hex(0xFFA090),
        }
    }
}

/// WCAG contrast ratio between two colours (1 to 21).
pub fn contrast(a: Color, b: Color) -> f32 {
    fn luminance(c: Color) -> f32 {
        let l = c.to_linear();
        0.2126 * l.red + 0.7152 * l.green + 0.0722 * l.blue
    }
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_has_at_least_7_to_1_contrast_in_both_palettes() {
        for p in [Palette::calm(), Palette::high_contrast()] {
            for (name, fg, bg) in [
                ("text/background", p.text, p.background),
                ("text/panel", p.text, p.panel),
                ("narration/panel", p.narration, p.panel),
                ("muted/background", p.muted, p.background),
                ("accent text/accent", p.accent_text, p.accent),
            ] {
                let ratio = contrast(fg, bg);
                assert!(ratio >= 7.0, "{name}: {ratio:.2}");
            }
            for (name, fg) in [
                ("positive", p.positive),
                ("negative", p.negative),
                ("locked", p.locked),
            ] {
                assert!(
                    contrast(fg, p.panel) >= 4.5,
                    "{name}: {:.2}",
                    contrast(fg, p.panel)
                );
            }
        }
    }
}

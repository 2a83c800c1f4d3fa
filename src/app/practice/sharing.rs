//! The Sharing screen (Y on "My practice"): before anything is sent, the trainee sees where their
//! records would go and what is sent, gives the name and email they are sent as, and agrees.
//! After that the app sends in the background; X stops it.

use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::text::EditableText;

use super::sync::SyncWanted;
use crate::app::input::{Act, Binding, add_actions, for_screen, hints, keys_free, send_keys};
use crate::app::screen::{Redraw, Screen};
use crate::app::settings::Settings;
use crate::app::theme::field::{Field, TypingIn, enter_field, field_text};
use crate::app::theme::frame::Canvas;
use crate::records::sharing::Identity;
use crate::records::sync::Tries;

pub(super) fn plugin(app: &mut App) {
    add_actions::<SharingAction>(app);
    app.init_resource::<SharingMessage>();
    app.add_systems(
        OnEnter(Screen::Sharing),
        |mut message: ResMut<SharingMessage>| message.0 = None,
    );
    app.add_systems(
        Update,
        (keys.run_if(keys_free), act, draw)
            .chain()
            .run_if(in_state(Screen::Sharing)),
    );
}

/// What the trainee asks of the Sharing screen.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SharingAction {
    /// Put the cursor in the name field (Tab).
    Type,
    /// Agree to send as the identity in the fields, and send now.
    Agree,
    /// Stop sending in the background.
    Stop,
    Back,
}

/// The Sharing screen's keys.
pub const KEYS: [Binding<SharingAction>; 4] = [
    Binding::key(
        &[KeyCode::Tab],
        "Tab",
        "fill in your name and email",
        SharingAction::Type,
    )
    .hint("Tab", "fill in your details"),
    // A key of its own, never Enter (which goes on everywhere else): agreeing is a decision.
    Binding::key(
        &[KeyCode::KeyA],
        "A",
        "agree and send",
        SharingAction::Agree,
    )
    .hint("A", "agree and send"),
    Binding::key(&[KeyCode::KeyX], "X", "stop sending", SharingAction::Stop).hint("X", "stop"),
    Binding::key(
        &[KeyCode::KeyL, KeyCode::Escape],
        "L",
        "back to My practice",
        SharingAction::Back,
    )
    .hint("L", "back"),
];

/// Why agreeing did not work, or what it did.
#[derive(Resource, Default, Debug)]
pub struct SharingMessage(pub Option<String>);

fn keys(keys: Res<ButtonInput<KeyCode>>, mut out: MessageWriter<Act<SharingAction>>) {
    send_keys(&keys, Screen::Sharing, &KEYS, &mut out);
}

/// The identity typed in the fields (name, then email), on top of the one the settings hold.
pub fn typed_identity(old: Option<&Identity>, name: &str, email: &str) -> Result<Identity, String> {
    let (name, email) = (name.trim(), email.trim());
    if name.is_empty() {
        return Err("Type your name as you want your organisation to see it.".to_owned());
    }
    let account = old.and_then(|i| i.account.clone());
    if email.is_empty() && account.is_none() {
        return Err(
            "Type your email address: it is how your organisation's records know you.".to_owned(),
        );
    }
    let looks_like_email = email.contains('@') && !email.contains(char::is_whitespace);
    if !email.is_empty() && !looks_like_email {
        return Err(format!(
            "“{email}” is not an email address: check it, for example name@example.org."
        ));
    }
    Ok(Identity {
        name: name.to_owned(),
        email: (!email.is_empty()).then(|| email.to_owned()),
        account: if email.is_empty() { account } else { None },
    })
}

#[expect(
    clippy::too_many_arguments,
    reason = "a system: agreeing reads the fields and writes the settings"
)]
fn act(
    mut actions: MessageReader<Act<SharingAction>>,
    mut settings: ResMut<Settings>,
    mut message: ResMut<SharingMessage>,
    mut wanted: ResMut<SyncWanted>,
    mut next: ResMut<NextState<Screen>>,
    mut redraw: ResMut<Redraw>,
    mut focus: ResMut<InputFocus>,
    mut typing: ResMut<TypingIn>,
    field_entities: Query<(Entity, &Field)>,
    fields: Query<(&Field, &EditableText)>,
) {
    for &action in for_screen(&mut actions, Screen::Sharing) {
        match action {
            SharingAction::Type => {
                enter_field(0, &field_entities, &mut focus, &mut typing);
                continue;
            }
            SharingAction::Agree => {
                let text = |n: usize| {
                    fields
                        .iter()
                        .find(|(f, _)| f.0 == n)
                        .map(|(_, t)| field_text(t))
                        .unwrap_or_default()
                };
                match typed_identity(settings.sharing.identity.as_ref(), &text(0), &text(1)) {
                    Err(why) => message.0 = Some(why),
                    Ok(identity) => {
                        let mut sharing = settings.sharing.clone();
                        sharing.identity = Some(identity);
                        match sharing.effective().agreement() {
                            Some(agreement) => {
                                sharing.agreed = Some(agreement);
                                settings.sharing = sharing;
                                wanted.0 = Some(Tries::All);
                                next.set(Screen::Practice);
                            }
                            None => {
                                message.0 = Some(
                                    "Sending is not set up on this computer, so there is \
                                     nowhere to send to. Ask your trainer or IT team."
                                        .to_owned(),
                                );
                            }
                        }
                    }
                }
            }
            SharingAction::Stop => {
                if settings.sharing.agreed.is_some() {
                    settings.sharing.agreed = None;
                }
                message.0 = Some(
                    "Sending has stopped: from now on your records stay on this computer. What \
                     was sent already stays with your organisation (ask them if you want it \
                     removed). Press A to agree and send again."
                        .to_owned(),
                );
            }
            SharingAction::Back => next.set(Screen::Practice),
        }
        redraw.0 = true;
    }
}

fn draw(mut canvas: Canvas, settings: Res<Settings>, message: Res<SharingMessage>) {
    if !canvas.begin() {
        return;
    }
    let effective = settings.sharing.effective();
    let identity = effective.identity.clone().unwrap_or_default();
    let set_up = effective.lrs.is_some();
    // With nowhere to send to there is nothing to fill in or agree to.
    let hints: Vec<(&str, &str)> = hints(&KEYS)
        .into_iter()
        .filter(|(key, _)| set_up || *key == "L")
        .collect();
    canvas.frame(
        Screen::Sharing,
        "Sending your practice",
        &hints,
        |area, look| {
            area.spawn(look.column(900.0)).with_children(|col| {
                col.spawn(look.title("Sending your practice to your organisation"));
                let Some(lrs) = effective.lrs.as_ref() else {
                    col.spawn(look.text(
                        "Sending is not set up on this computer, so nothing is sent: your records \
                     stay here. If your organisation keeps training records, ask your trainer \
                     or IT team to set it up.",
                    ));
                    return;
                };
                col.spawn(look.text(format!(
                    "Your organisation's training records system (a \"learning record store\"): {}",
                    lrs.endpoint
                )));
                col.spawn(look.panel()).with_children(|p| {
                    p.spawn(look.heading("What is sent"));
                    p.spawn(look.text(
                        "Your name and email address, and for each attempt: the scenario, each \
                     choice you made with its effect on the scores and how many seconds you \
                     took over it, how it ended, and when. In a group session, the room's vote \
                     counts (never who voted), under the name of whoever agreed on this \
                     computer. Everything recorded here is sent, including attempts from \
                     before today. Your written reflections are not sent: they stay here and \
                     in the reports you print.",
                    ));
                    p.spawn(look.text(
                        "Sending is your choice: not sending changes nothing in Rapport. Your \
                     organisation decides who sees the records and for how long; ask them. X \
                     stops sending at any time (it does not remove what was sent).",
                    ));
                });
                col.spawn(look.panel()).with_children(|p| {
                    p.spawn(look.heading("Sent as"));
                    p.spawn(look.muted("Your name"));
                    p.spawn(look.field(0, "Your name", &identity.name, 1.0));
                    p.spawn(look.muted("Your email address"));
                    p.spawn(look.field(
                        1,
                        "Your email address",
                        identity.email.as_deref().unwrap_or_default(),
                        1.0,
                    ));
                    if let Some(account) = identity
                        .account
                        .as_ref()
                        .filter(|_| identity.email.is_none())
                    {
                        p.spawn(look.muted(format!(
                            "With no email, you are sent as the account “{}” at {}.",
                            account.name, account.home_page
                        )));
                    }
                    p.spawn(look.muted(
                        "Tab puts the cursor in the boxes; Esc leaves them. Then press A to agree \
                     and send.",
                    ));
                });
                let status = if effective.may_send() {
                    "You have agreed: your records are sent in the background after each attempt."
                } else {
                    "Nothing has been sent yet."
                };
                col.spawn(look.text(status));
                if let Some(text) = &message.0 {
                    col.spawn(look.notice_panel()).with_children(|p| {
                        p.spawn(look.text(text.clone()));
                    });
                }
            });
        },
    );
}

#[cfg(test)]
mod tests {
    use super::typed_identity;
    use crate::records::sharing::{Account, Identity};

    #[test]
    fn the_identity_needs_a_name_and_an_email_or_an_account() {
        assert!(typed_identity(None, " ", "sam@example.org").is_err());
        assert!(typed_identity(None, "Sam", "").is_err());
        assert!(typed_identity(None, "Sam", "sam at example").is_err());
        let typed = typed_identity(None, " Sam Patel ", " sam@example.org ").unwrap();
        assert_eq!(typed.name, "Sam Patel");
        assert_eq!(typed.email.as_deref(), Some("sam@example.org"));
        let old = Identity {
            name: "Sam".into(),
            email: None,
            account: Some(Account {
                home_page: "https://lms.example.org".into(),
                name: "sam01".into(),
            }),
        };
        let kept = typed_identity(Some(&old), "Sam", "").unwrap();
        assert_eq!(kept.account, old.account);
    }
}

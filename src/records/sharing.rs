//! Where statements go and who they say the trainee is: the learning record store's address and
//! credentials, and the identity the trainee chose. Kept in the settings file's `sharing` field
//! (the app and the command line read the same file), and overridden by the environment:
//! `RAPPORT_LRS_ENDPOINT`, `RAPPORT_LRS_USERNAME`, `RAPPORT_LRS_PASSWORD`, and
//! `RAPPORT_TRAINEE_NAME`, `RAPPORT_TRAINEE_EMAIL`. Nothing is sent unless an endpoint is set.

use serde::{Deserialize, Serialize};

use crate::storage::{MAX_STATE_BYTES, Storage};

/// A learning record store.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lrs {
    /// The xAPI endpoint, e.g. `https://lrs.example.org/xAPI/`: statements go to `statements`
    /// under it.
    pub endpoint: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
}

impl std::fmt::Debug for Lrs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the password.
        f.debug_struct("Lrs")
            .field("endpoint", &self.endpoint)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// An account on a system the organisation runs (its LMS), as xAPI names one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The system's address, e.g. `https://lms.example.org`.
    pub home_page: String,
    /// The trainee's name on it.
    pub name: String,
}

/// Who the trainee says they are: a name and either an email address or an account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Identity {
    /// As the trainee wants it shown (on reports too).
    pub name: String,
    pub email: Option<String>,
    pub account: Option<Account>,
}

impl Identity {
    /// The xAPI actor, when the identity names the trainee (an email or an account).
    pub fn actor(&self) -> Option<serde_json::Value> {
        let mut actor = serde_json::json!({ "objectType": "Agent" });
        if !self.name.trim().is_empty() {
            actor["name"] = self.name.trim().into();
        }
        if let Some(email) = self
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            actor["mbox"] = format!("mailto:{email}").into();
        } else if let Some(account) = &self.account {
            actor["account"] =
                serde_json::json!({ "homePage": account.home_page, "name": account.name });
        } else {
            return None;
        }
        Some(actor)
    }

    /// "Sam Patel <sam@example.org>", as `rapport sync` says who it sends as.
    pub fn describe(&self) -> String {
        let name = if self.name.trim().is_empty() {
            "(no name)"
        } else {
            self.name.trim()
        };
        match (&self.email, &self.account) {
            (Some(email), _) => format!("{name} <{email}>"),
            (None, Some(a)) => format!("{name} (account \"{}\" at {})", a.name, a.home_page),
            (None, None) => name.to_owned(),
        }
    }
}

/// The sharing settings: where to send, and as whom.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Sharing {
    pub lrs: Option<Lrs>,
    pub identity: Option<Identity>,
    /// What the trainee agreed to in the app before its first send: [`Sharing::agreement`] as it
    /// was then. The app sends in the background only while it is still the same (a new store
    /// or a new identity is asked again); `rapport sync`, asked for at a terminal, needs none.
    pub agreed: Option<String>,
}

/// The settings file as far as sharing goes: every other field is the app's and is left alone.
#[derive(Default, Deserialize)]
struct SettingsFile {
    #[serde(default)]
    sharing: Sharing,
}

impl Sharing {
    /// The settings file's `sharing`, then the environment on top. A settings file that cannot be
    /// read is said in the error, naming the file; it is never changed or moved here.
    pub fn load(storage: &Storage) -> Result<Self, String> {
        let path = storage.settings_file();
        let sharing = match std::fs::metadata(&path) {
            Err(_) => Sharing::default(),
            Ok(m) if m.len() > MAX_STATE_BYTES => {
                return Err(format!(
                    "the settings file {} is far too large to be settings",
                    path.display()
                ));
            }
            Ok(_) => {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    format!("the settings file {} cannot be read: {e}", path.display())
                })?;
                crate::scenario::load::ron_options()
                    .from_str::<SettingsFile>(&text)
                    .map_err(|e| {
                        format!(
                            "the settings file {} has something Rapport does not understand at line {}: {}",
                            path.display(),
                            e.span.start.line,
                            e.code
                        )
                    })?
                    .sharing
            }
        };
        Ok(sharing.effective())
    }

    /// These settings with the process's environment on top: what is actually used.
    pub fn effective(&self) -> Self {
        let mut sharing = self.clone();
        sharing.apply_env(|name| std::env::var(name).ok());
        sharing
    }

    /// Override with the environment's values (`var` reads one).
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        if let Some(endpoint) = var("RAPPORT_LRS_ENDPOINT") {
            let lrs = self.lrs.get_or_insert(Lrs {
                endpoint: String::new(),
                username: String::new(),
                password: String::new(),
            });
            lrs.endpoint = endpoint;
        }
        if let Some(lrs) = &mut self.lrs {
            if let Some(u) = var("RAPPORT_LRS_USERNAME") {
                lrs.username = u;
            }
            if let Some(p) = var("RAPPORT_LRS_PASSWORD") {
                lrs.password = p;
            }
        }
        let name = var("RAPPORT_TRAINEE_NAME");
        let email = var("RAPPORT_TRAINEE_EMAIL");
        if name.is_some() || email.is_some() {
            let identity = self.identity.get_or_insert_with(Identity::default);
            if let Some(name) = name {
                identity.name = name;
            }
            if let Some(email) = email {
                identity.email = Some(email);
                identity.account = None;
            }
        }
    }

    /// What the trainee agrees to before the app sends: where to, and as whom. `None` when there
    /// is nothing to send to or no one to send as.
    pub fn agreement(&self) -> Option<String> {
        let lrs = self
            .lrs
            .as_ref()
            .filter(|l| !l.endpoint.trim().is_empty())?;
        let identity = self.identity.as_ref().filter(|i| i.actor().is_some())?;
        Some(format!(
            "{} as {}",
            lrs.endpoint.trim(),
            identity.describe()
        ))
    }

    /// Whether the app may send in the background: the trainee agreed to this store and identity.
    pub fn may_send(&self) -> bool {
        self.agreement().is_some() && self.agreement() == self.agreed
    }

    /// The trainee's name for reports, when they gave one.
    pub fn trainee_name(&self) -> Option<&str> {
        self.identity
            .as_ref()
            .map(|i| i.name.trim())
            .filter(|n| !n.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_sends_only_what_the_trainee_agreed_to() {
        let mut sharing = Sharing {
            lrs: Some(Lrs {
                endpoint: "http://127.0.0.1:8100/xAPI/".into(),
                username: String::new(),
                password: String::new(),
            }),
            ..Sharing::default()
        };
        // No one to send as: nothing to agree to.
        assert_eq!(sharing.agreement(), None);
        sharing.identity = Some(Identity {
            name: "Sam Patel".into(),
            email: Some("sam@example.org".into()),
            account: None,
        });
        let agreement = sharing.agreement().unwrap();
        assert_eq!(
            agreement,
            "http://127.0.0.1:8100/xAPI/ as Sam Patel <sam@example.org>"
        );
        assert!(!sharing.may_send());
        sharing.agreed = Some(agreement);
        assert!(sharing.may_send());
        // A new identity is asked again.
        sharing.identity.as_mut().unwrap().email = Some("sam.patel@example.org".into());
        assert!(!sharing.may_send());
    }

    #[test]
    fn the_app_settings_around_sharing_are_ignored_and_the_environment_wins() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::under(dir.path());
        std::fs::create_dir_all(&storage.config).unwrap();
        std::fs::write(
            storage.settings_file(),
            r#"(text_size: Large, timer_minutes: 5, sharing: (
                lrs: Some((endpoint: "https://lrs.example.org/xAPI/", username: "u", password: "p")),
                identity: Some((name: "Sam", account: Some((home_page: "https://lms.example.org", name: "sam01")))),
            ))"#,
        )
        .unwrap();
        let mut sharing = Sharing::load(&storage).unwrap();
        assert_eq!(sharing.lrs.as_ref().unwrap().username, "u");
        assert_eq!(
            sharing.identity.as_ref().unwrap().actor().unwrap()["account"]["name"],
            "sam01"
        );
        sharing.apply_env(|name| match name {
            "RAPPORT_LRS_PASSWORD" => Some("secret".into()),
            "RAPPORT_TRAINEE_EMAIL" => Some("sam@example.org".into()),
            _ => None,
        });
        assert_eq!(sharing.lrs.as_ref().unwrap().password, "secret");
        let actor = sharing.identity.as_ref().unwrap().actor().unwrap();
        assert_eq!(actor["mbox"], "mailto:sam@example.org");
        assert_eq!(actor["name"], "Sam");
        assert!(!format!("{:?}", sharing.lrs).contains("secret"));
    }

    #[test]
    fn nothing_is_set_by_default_and_a_bad_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::under(dir.path());
        let mut sharing = Sharing::load(&storage).unwrap();
        sharing.apply_env(|_| None);
        assert_eq!(sharing, Sharing::default());
        std::fs::create_dir_all(&storage.config).unwrap();
        std::fs::write(
            storage.settings_file(),
            "(sharing: (lrs: Some((endpoint: 3))))",
        )
        .unwrap();
        let e = Sharing::load(&storage).unwrap_err();
        assert!(e.contains("settings.ron"), "{e}");
    }
}

//! The machine's address on the room's network, read from its network interfaces: nothing is
//! sent anywhere to find it.

use std::net::{IpAddr, Ipv4Addr};

/// The address phones on the local network can reach this machine at: a private IPv4 address
/// of a Wi-Fi or wired interface (or the laptop's own hotspot), `None` when it has none.
pub fn local_network_ip() -> Option<IpAddr> {
    let interfaces = if_addrs::get_if_addrs().ok()?;
    let found: Vec<(String, Ipv4Addr)> = interfaces
        .into_iter()
        .filter_map(|i| match i.ip() {
            IpAddr::V4(ip) => Some((i.name, ip)),
            IpAddr::V6(_) => None,
        })
        .collect();
    pick(&found).map(IpAddr::V4)
}

/// Interfaces that belong to virtual machines, containers and VPNs, not to the room.
const VIRTUAL: [&str; 12] = [
    "docker",
    "veth",
    "virbr",
    "br-",
    "vmnet",
    "vboxnet",
    "tun",
    "tap",
    "utun",
    "zt",
    "tailscale",
    "wg",
];

/// The best of the named addresses for phones in the room: private before public, real
/// interfaces before virtual ones; never loopback, link-local only when there is nothing else.
fn pick(found: &[(String, Ipv4Addr)]) -> Option<Ipv4Addr> {
    let rank = |(name, ip): &(String, Ipv4Addr)| {
        let name = name.to_ascii_lowercase();
        let virtual_ = VIRTUAL.iter().any(|v| name.starts_with(v));
        let public = !ip.is_private();
        (ip.is_link_local(), public, virtual_)
    };
    found
        .iter()
        .filter(|(_, ip)| !ip.is_loopback() && !ip.is_unspecified() && !ip.is_multicast())
        .min_by_key(|f| rank(f))
        .map(|(_, ip)| *ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(list: &[(&str, [u8; 4])]) -> Vec<(String, Ipv4Addr)> {
        list.iter()
            .map(|(n, ip)| ((*n).to_owned(), Ipv4Addr::from(*ip)))
            .collect()
    }

    #[test]
    fn the_rooms_network_before_loopback_containers_and_link_local() {
        let found = named(&[
            ("lo", [127, 0, 0, 1]),
            ("docker0", [172, 17, 0, 1]),
            ("eth9", [169, 254, 3, 4]),
            ("wlp2s0", [192, 168, 1, 23]),
        ]);
        assert_eq!(pick(&found), Some(Ipv4Addr::new(192, 168, 1, 23)));
        let hotspot = named(&[("lo", [127, 0, 0, 1]), ("wlan0", [10, 42, 0, 1])]);
        assert_eq!(pick(&hotspot), Some(Ipv4Addr::new(10, 42, 0, 1)));
        let only_link_local = named(&[("lo", [127, 0, 0, 1]), ("en0", [169, 254, 9, 9])]);
        assert_eq!(pick(&only_link_local), Some(Ipv4Addr::new(169, 254, 9, 9)));
        assert_eq!(pick(&named(&[("lo", [127, 0, 0, 1])])), None);
    }
}

//! The triage view as the start screen: it stays when something is wrong, and gives way to the
//! clusters list once everything it loads has answered and nothing is.
use super::nav;
use crate::state::{Effect, Level, State};
use crate::views::View;

/// After a load: if the launch triage is on screen, has its answers and found nothing, go to
/// the clusters list (saying so). Looked at once: after that first complete look the view
/// stays wherever the user takes it.
pub fn calm_at_launch(state: &mut State) -> Vec<Effect> {
    let View::Triage(v) = state.view() else { return vec![] };
    if !v.launch || !v.settled(&state.data) {
        return vec![];
    }
    let calm = v.problems().is_empty();
    let clusters = state.data.clusters.value.as_ref().map_or(0, Vec::len);
    if let View::Triage(v) = state.view_mut() {
        v.launch = false;
    }
    if !calm || state.stack.len() < 2 {
        return vec![];
    }
    let mut effects = nav::back_to(state, 0);
    effects.extend(nav::refresh(state, false));
    let s = if clusters == 1 { "" } else { "s" };
    state.flash(Level::Info, format!("nothing wrong in {clusters} cluster{s} — :triage looks again"));
    effects
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Loaded;
    use crate::config::Keymap;
    use crate::fixtures;
    use crate::model::{Cluster, Service, TaskFilter, TaskStatusFilter};
    use crate::state::{Load, Msg, Payload, Settings, Target};

    fn state() -> State {
        let settings = Settings {
            refresh: std::time::Duration::from_secs(10),
            read_only: false,
            protected: vec![],
            themes: vec![],
        };
        let mut s = State::new(Target::default(), Keymap::defaults(), settings, "default".into(), fixtures::now());
        s.connected = true;
        nav::jump(&mut s, vec![View::triage(Default::default(), true)]);
        s
    }

    fn cluster() -> Cluster {
        Cluster { arn: "arn:aws:ecs:eu-west-1:1:cluster/prod".into(), name: "prod".into(), ..Default::default() }
    }

    fn service(running: i32) -> Service {
        Service {
            arn: "arn:aws:ecs:eu-west-1:1:service/prod/api".into(),
            name: "api".into(),
            status: "ACTIVE".into(),
            desired: 2,
            running,
            ..Default::default()
        }
    }

    /// Answer every load the state has in flight: the clusters, then each cluster's loads.
    fn answer(s: &mut State, services: Vec<Service>) -> Vec<Effect> {
        let mut all = Vec::new();
        loop {
            let pending: Vec<_> = s.inflight.iter().map(|(r, i)| (*r, i.load.clone())).collect();
            let pending: Vec<_> = pending.into_iter().filter(|(_, l)| *l != Load::Identity).collect();
            if pending.is_empty() {
                return all;
            }
            for (req, load) in pending {
                let payload = match &load {
                    Load::Clusters => Payload::Clusters(Loaded { items: vec![cluster()], failures: vec![] }),
                    Load::Services { .. } => Payload::Services(Loaded { items: services.clone(), failures: vec![] }),
                    Load::Tasks { .. } => Payload::Tasks(Loaded { items: vec![], failures: vec![] }),
                    Load::Alarms => Payload::Alarms(vec![]),
                    Load::ScalableTargets => Payload::ScalableTargets(vec![]),
                    other => panic!("unexpected load {other:?}"),
                };
                all.extend(crate::update::update(s, Msg::Loaded { req, load, result: Ok(payload) }, fixtures::now()));
            }
            s.inflight.retain(|_, i| i.load != Load::Identity);
        }
    }

    #[test]
    fn launch_triage_stays_when_something_is_wrong() {
        let mut s = state();
        nav::refresh(&mut s, false);
        answer(&mut s, vec![service(1)]);
        let View::Triage(v) = s.view() else { panic!("triage left: {:?}", s.view().screen().title()) };
        assert_eq!(v.problems().len(), 1);
        assert!(!v.launch, "looked once");
        let stopped = Load::Tasks {
            cluster: cluster().arn,
            filter: TaskFilter { service: None, status: TaskStatusFilter::Stopped },
        };
        assert!(s.data.status_of(&stopped).is_some_and(|st| st.has_value), "stopped tasks are loaded too");
    }

    #[test]
    fn launch_triage_gives_way_to_the_clusters_when_nothing_is_wrong() {
        let mut s = state();
        nav::refresh(&mut s, false);
        answer(&mut s, vec![service(2)]);
        assert!(matches!(s.view(), View::Clusters(_)), "{}", s.view().screen().title());
        assert_eq!(s.stack.len(), 1);
        assert_eq!(s.flash.as_ref().map(|f| f.text.as_str()), Some("nothing wrong in 1 cluster — :triage looks again"));
    }

    #[test]
    fn triage_opened_by_command_stays_even_when_calm() {
        let mut s = state();
        crate::update::command::run(&mut s, crate::update::Command::Triage);
        answer(&mut s, vec![service(2)]);
        let View::Triage(v) = s.view() else { panic!("left") };
        assert!(v.problems().is_empty());
        assert_eq!(crate::views::Screen::empty_text(v), "nothing wrong in 1 cluster");
    }
}

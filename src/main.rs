use bosun::cli::Cli;
use bosun::config::{Config, Paths};

fn main() -> color_eyre::Result<()> {
    let cli = Cli::parse_args();
    bosun::tui::install_hooks()?;
    let paths = Paths::resolve();
    let log = bosun::logging::init(&paths.state_dir);
    let config = Config::load(paths);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let code = runtime.block_on(bosun::launch::main(cli, config))?;
    drop(runtime);
    drop(log);
    std::process::exit(code);
}

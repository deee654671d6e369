from dvcq_cli.cli import main

main()

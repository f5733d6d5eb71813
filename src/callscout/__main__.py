from callscout.cli.main import run

run()

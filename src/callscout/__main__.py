from callscout.cli.main import run

if __name__ == "__main__":  # check worker processes import this module again; they must not rerun the CLI
    run()

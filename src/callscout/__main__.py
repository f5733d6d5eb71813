from callscout.cli.main import program

if __name__ == "__main__":  # check worker processes import this module again; they must not rerun the CLI
    program()

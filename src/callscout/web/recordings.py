from fastapi import FastAPI

from callscout.web.cabinet import Cabinet


def register(app: FastAPI, cabinet: Cabinet) -> None:
    pass

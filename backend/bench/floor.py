"""The floor of the load benchmark: a bare FastAPI app, served by the same uvicorn with the same
settings as the real app (`python -m uvicorn bench.floor:app`). Nothing can answer faster."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def floor() -> bool:
    return True

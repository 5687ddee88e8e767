"""Routers: one small APIRouter per resource, each calling the engine."""

def users():
    return []

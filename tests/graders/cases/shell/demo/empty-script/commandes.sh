# rien

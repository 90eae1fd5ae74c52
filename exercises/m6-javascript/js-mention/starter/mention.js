// Renvoie la mention correspondant à la note (sur 20).
function mention(note) {
}

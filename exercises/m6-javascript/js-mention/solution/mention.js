function mention(note) {
  if (note < 10) {
    return "Insuffisant";
  } else if (note < 12) {
    return "Passable";
  } else if (note < 14) {
    return "Assez bien";
  } else if (note < 16) {
    return "Bien";
  }
  return "Très bien";
}

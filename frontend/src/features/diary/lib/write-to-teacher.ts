/** «Написать учителю»: a new message to the teacher about this child, the subject filled in
 * (the messages feature reads `?student=&to=&subject=`). */
export function writeToTeacher(studentId: string, teacherId: string, subject: string): string {
  const query = new URLSearchParams({ student: studentId, to: teacherId, subject });
  return `/messages/new?${query.toString()}`;
}
